package inference

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// floatViolations parses the non-test Go files of dir and reports every use
// of floating point: float/complex literals, the float and complex types,
// package math (math/bits is fine), and any expression whose type is a
// float or complex (found by type-checking; imports outside the standard
// library are left unresolved, which cannot hide a float written here).
func floatViolations(t *testing.T, dir string) []string {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	report := func(n ast.Node, what string) { bad = append(bad, fset.Position(n.Pos()).String()+": "+what) }
	for _, pkg := range pkgs {
		var files []*ast.File
		for _, f := range pkg.Files {
			files = append(files, f)
			astViolations(f, report)
		}
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
		conf := types.Config{Importer: stdImporter{importer.Default()}, Error: func(error) {}}
		_, _ = conf.Check(pkg.Name, fset, files, info)
		for expr, tv := range info.Types {
			if b, ok := tv.Type.Underlying().(*types.Basic); ok && b.Info()&(types.IsFloat|types.IsComplex) != 0 {
				report(expr, "expression of type "+b.Name())
			}
		}
	}
	return bad
}

func astViolations(f *ast.File, report func(ast.Node, string)) {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "math" || p == "math/big" || p == "math/cmplx" {
			report(imp, "imports "+p)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			if n.Kind == token.FLOAT || n.Kind == token.IMAG {
				report(n, "float literal "+n.Value)
			}
		case *ast.Ident:
			switch n.Name {
			case "float32", "float64", "complex64", "complex128", "complex", "real", "imag":
				report(n, "uses "+n.Name)
			}
		}
		return true
	})
}

// stdImporter resolves standard-library imports only.
type stdImporter struct{ std types.Importer }

func (s stdImporter) Import(path string) (*types.Package, error) {
	if strings.Contains(strings.SplitN(path, "/", 2)[0], ".") {
		return nil, os.ErrNotExist
	}
	return s.std.Import(path)
}

func TestEngineHasNoFloatingPoint(t *testing.T) {
	if bad := floatViolations(t, "."); len(bad) > 0 {
		t.Fatalf("floating point in the engine:\n%s", strings.Join(bad, "\n"))
	}
}

func TestFloatCheckerCatchesFloats(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\nimport \"strconv\"\n\nfunc f(s string) int {\n\tv, _ := strconv.ParseFloat(s, 64)\n\tx := v\n\t_ = x\n\treturn 1 / 2.0 * 4\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := floatViolations(t, dir)
	joined := strings.Join(bad, "\n")
	for _, want := range []string{"float literal 2.0", "expression of type float64"} {
		if !strings.Contains(joined, want) {
			t.Errorf("checker missed %q; got:\n%s", want, joined)
		}
	}
}
