package jsonrpc

import "errors"

// JSON-RPC error codes used beyond the ones go-ethereum's rpc package assigns itself.
const (
	errCodeInvalidParams = -32602
)

// Errors returned by the API with go-ethereum's wording.
var (
	errHeaderNotFound     = errors.New("header not found")
	errHeaderHashNotFound = errors.New("header for hash not found")
	errUnprotectedTx      = errors.New("only replay-protected (EIP-155) transactions allowed over RPC")
	errReceiptMismatch    = errors.New("transaction index is inconsistent with the block's receipts")
)

// invalidParamsError is a -32602 error: the request's parameters are malformed.
type invalidParamsError struct{ message string }

// Error returns the message.
func (e *invalidParamsError) Error() string { return e.message }

// ErrorCode returns -32602.
func (e *invalidParamsError) ErrorCode() int { return errCodeInvalidParams }
