// Package system holds the state of the system lane that is not a module of
// its own yet: the consensus validator set as the application knows it, the
// chain parameters fixed at genesis, and the verification of the commit-info
// transaction that carries the previous height's signed vote extensions
// (DESIGN.md §3, §4).
package system
