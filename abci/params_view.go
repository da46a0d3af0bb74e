package abci

import "github.com/hyperion-rollup/hyperion/x/system"

// ParamsView is a snapshot of the chain parameters in force for the block
// after Height: the parameters as committed at Height.
type ParamsView struct {
	// Height is the committed height the snapshot belongs to.
	Height int64
	// Params are the chain parameters after Height.
	Params system.Params
}

// ChainParams returns a copy of the latest published parameter snapshot, safe
// to call from any goroutine (RPC). ok is false before the chain is set up
// (InitChain or a restart's load).
func (a *App) ChainParams() (view ParamsView, ok bool) {
	v := a.paramsView.Load()
	if v == nil {
		return ParamsView{}, false
	}
	return ParamsView{Height: v.Height, Params: v.Params.Clone()}, true
}

// publishParams stores a snapshot of the consensus connection's parameters
// for height; the consensus connection calls it after it changes them.
func (a *App) publishParams(height int64) {
	a.paramsView.Store(&ParamsView{Height: height, Params: a.chain.params.Clone()})
}
