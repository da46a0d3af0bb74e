// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package contracts

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// OutputOracleOutput is an auto generated low-level Go binding around an user-defined struct.
type OutputOracleOutput struct {
	OutputRoot   [32]byte
	Proposer     common.Address
	L2Block      *big.Int
	Timestamp    *big.Int
	BondReturned bool
}

// OutputOracleMetaData contains all meta data concerning the OutputOracle contract.
var OutputOracleMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIBatchChain\",\"name\":\"inbox\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"challenger_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"bond_\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"challengeWindow_\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"AlreadyFinalized\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"l2Block\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastBatched\",\"type\":\"uint64\"}],\"name\":\"BlockNotBatched\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"l2Block\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"previous\",\"type\":\"uint64\"}],\"name\":\"BlockNotIncreasing\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"l2Block\",\"type\":\"uint64\"}],\"name\":\"BlockOutOfRange\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"BondAlreadyReturned\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotChallenger\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"NotFinalized\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"TransferFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"UnknownOutput\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"sent\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"required\",\"type\":\"uint256\"}],\"name\":\"WrongBond\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"proposer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"BondReturned\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"outputRoot\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"l2Block\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"proposer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"timestamp\",\"type\":\"uint64\"}],\"name\":\"OutputProposed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"fromIndex\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"toIndex\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"slashed\",\"type\":\"uint256\"}],\"name\":\"OutputsInvalidated\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"OUTPUT_VERSION\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"batchInbox\",\"outputs\":[{\"internalType\":\"contractIBatchChain\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"bond\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"challengeWindow\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"challenger\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"stateRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"blockHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"withdrawalsRoot\",\"type\":\"bytes32\"}],\"name\":\"computeOutputRoot\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"credit\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"finalizedCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"getOutput\",\"outputs\":[{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"outputRoot\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"proposer\",\"type\":\"address\"},{\"internalType\":\"uint48\",\"name\":\"l2Block\",\"type\":\"uint48\"},{\"internalType\":\"uint40\",\"name\":\"timestamp\",\"type\":\"uint40\"},{\"internalType\":\"bool\",\"name\":\"bondReturned\",\"type\":\"bool\"}],\"internalType\":\"structOutputOracle.Output\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"invalidateFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"isFinalized\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"outputCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"l2Block\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"stateRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"blockHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"withdrawalsRoot\",\"type\":\"bytes32\"}],\"name\":\"propose\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"returnBond\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"withdrawCredit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "OutputOracle",
	Bin: "0x610100604052348015610010575f5ffd5b50604051610ede380380610ede83398101604081905261002f91610072565b6001600160a01b039384166080529190921660a05260c0919091526001600160401b031660e0526100cf565b6001600160a01b038116811461006f575f5ffd5b50565b5f5f5f5f60808587031215610085575f5ffd5b84516100908161005b565b60208601519094506100a18161005b565b6040860151606087015191945092506001600160401b03811681146100c4575f5ffd5b939692955090935050565b60805160a05160c05160e051610d9d6101415f395f8181610277015261099601525f8181610244015281816103c901528181610403015281816108b201528181610a920152610af901525f81816101f90152818161081001526108e401525f818161037d01526105220152610d9d5ff3fe6080604052600436106100e4575f3560e01c8063861a141211610087578063d5d44d8011610057578063d5d44d8014610341578063dac6e63a1461036c578063e5cb0d171461039f578063eb335f75146103b3575f5ffd5b8063861a1412146102665780638b260104146102b2578063bee3c569146102d1578063c36f38741461032d575f5ffd5b8063236d1da7116100c2578063236d1da71461019857806333727c4d146101b9578063534db0e2146101e857806364c9ec6f14610233575f5ffd5b80630ee2d331146100e8578063141985511461010f57806317861f8714610122575b5f5ffd5b3480156100f3575f5ffd5b506100fc5f5481565b6040519081526020015b60405180910390f35b6100fc61011d366004610c67565b6103c6565b34801561012d575f5ffd5b5061014161013c366004610c9f565b610746565b6040516101069190815181526020808301516001600160a01b03169082015260408083015165ffffffffffff169082015260608083015164ffffffffff169082015260809182015115159181019190915260a00190565b3480156101a3575f5ffd5b506101b76101b2366004610c9f565b610805565b005b3480156101c4575f5ffd5b506101d86101d3366004610c9f565b61096f565b6040519015158152602001610106565b3480156101f3575f5ffd5b5061021b7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610106565b34801561023e575f5ffd5b506100fc7f000000000000000000000000000000000000000000000000000000000000000081565b348015610271575f5ffd5b506102997f000000000000000000000000000000000000000000000000000000000000000081565b60405167ffffffffffffffff9091168152602001610106565b3480156102bd575f5ffd5b506101b76102cc366004610c9f565b6109dc565b3480156102dc575f5ffd5b506100fc6102eb366004610cb6565b604080515f60208201819052918101859052606081018490526080810183905260a0016040516020818303038152906040528051906020012090509392505050565b348015610338575f5ffd5b506101b7610b7b565b34801561034c575f5ffd5b506100fc61035b366004610cdf565b60016020525f908152604090205481565b348015610377575f5ffd5b5061021b7f000000000000000000000000000000000000000000000000000000000000000081565b3480156103aa575f5ffd5b506100fc610bf8565b3480156103be575f5ffd5b506100fc5f81565b5f7f000000000000000000000000000000000000000000000000000000000000000034146104345760405163062f01ed60e11b81523460048201527f000000000000000000000000000000000000000000000000000000000000000060248201526044015b60405180910390fd5b65ffffffffffff67ffffffffffffffff861611156104715760405163e7df0d9160e01b815267ffffffffffffffff8616600482015260240161042b565b505f5480158015906104bc575060025f61048c600184610d20565b815260208101919091526040015f2060010154600160a01b900465ffffffffffff1667ffffffffffffffff861611155b1561051f578460025f6104d0600185610d20565b8152602081019190915260409081015f2060010154905163c557651d60e01b815267ffffffffffffffff909216600483015265ffffffffffff600160a01b90910416602482015260440161042b565b5f7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03166378a257326040518163ffffffff1660e01b8152600401602060405180830381865afa15801561057c573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105a09190610d39565b90508067ffffffffffffffff168667ffffffffffffffff1611156105eb5760405163168d028b60e21b815267ffffffffffffffff80881660048301528216602482015260440161042b565b604080515f60208083018290528284018990526060830188905260808084018890528451808503909101815260a0909301909352815191909201206040805160a08101825282815233602080830191825265ffffffffffff808d1684860190815264ffffffffff428116606087019081525f608088018181528d8252600290965297909720955186559351600195860180549251975194511515600160f81b026001600160f81b0395909616600160d01b02949094166001600160d01b0397909316600160a01b026001600160d01b03199092166001600160a01b039190911617179490941693909317179091559091506106e7908490610d54565b5f556040805182815267ffffffffffffffff8981166020830152338284015242166060820152905184917f972437720397c386269e8974d29f821f8d4de592170b740f512dfa5ad55739ea919081900360800190a25050949350505050565b6040805160a0810182525f8082526020820181905291810182905260608101829052608081018290529054821061079357604051635c963b4560e11b81526004810183905260240161042b565b505f90815260026020908152604091829020825160a081018452815481526001909101546001600160a01b03811692820192909252600160a01b820465ffffffffffff1692810192909252600160d01b810464ffffffffff166060830152600160f81b900460ff161515608082015290565b336001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001614610850576040516330268a2560e21b815233600482015260240161042b565b5f54811061087457604051635c963b4560e11b81526004810182905260240161042b565b61087d8161096f565b1561089e5760405163f075432960e01b81526004810182905260240161042b565b5f8054906108ac8383610d20565b6108d6907f0000000000000000000000000000000000000000000000000000000000000000610d67565b5f8481556001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016815260016020526040812080549293508392909190610924908490610d54565b909155505060408051848152602081018490529081018290527f159197470c669eb2218ed61ecc0384e6a4b4a9a7688674089039e96d61727b139060600160405180910390a1505050565b5f5f54821061097f57505f919050565b5f828152600260205260409020600101546109d3907f000000000000000000000000000000000000000000000000000000000000000067ffffffffffffffff1690600160d01b900464ffffffffff16610d54565b42101592915050565b5f548110610a0057604051635c963b4560e11b81526004810182905260240161042b565b610a098161096f565b610a2957604051635f5010c560e11b81526004810182905260240161042b565b5f8181526002602052604090206001810154600160f81b900460ff1615610a665760405163618c78d560e01b81526004810183905260240161042b565b600181018054600160f81b6001600160f81b03821617909155604080516001600160a01b0390921682527f0000000000000000000000000000000000000000000000000000000000000000602083015283917f5042ec6be4814281f6554f4e4f4f75cdc6eb4e4ce0efef7b0f9bd3d4a40428c9910160405180910390a260018101546040515f916001600160a01b0316907f0000000000000000000000000000000000000000000000000000000000000000908381818185875af1925050503d805f8114610b4f576040519150601f19603f3d011682016040523d82523d5f602084013e610b54565b606091505b5050905080610b76576040516312171d8360e31b815260040160405180910390fd5b505050565b335f81815260016020526040808220805490839055905190929083908381818185875af1925050503d805f8114610bcd576040519150601f19603f3d011682016040523d82523d5f602084013e610bd2565b606091505b5050905080610bf4576040516312171d8360e31b815260040160405180910390fd5b5050565b5f805481905b80821015610c49575f6002610c138385610d54565b610c1d9190610d7e565b9050610c288161096f565b15610c3f57610c38816001610d54565b9250610c43565b8091505b50610bfe565b50919050565b67ffffffffffffffff81168114610c64575f5ffd5b50565b5f5f5f5f60808587031215610c7a575f5ffd5b8435610c8581610c4f565b966020860135965060408601359560600135945092505050565b5f60208284031215610caf575f5ffd5b5035919050565b5f5f5f60608486031215610cc8575f5ffd5b505081359360208301359350604090920135919050565b5f60208284031215610cef575f5ffd5b81356001600160a01b0381168114610d05575f5ffd5b9392505050565b634e487b7160e01b5f52601160045260245ffd5b81810381811115610d3357610d33610d0c565b92915050565b5f60208284031215610d49575f5ffd5b8151610d0581610c4f565b80820180821115610d3357610d33610d0c565b8082028115828204841417610d3357610d33610d0c565b5f82610d9857634e487b7160e01b5f52601260045260245ffd5b50049056",
}

// OutputOracle is an auto generated Go binding around an Ethereum contract.
type OutputOracle struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *OutputOracle) GetABI() abi.ABI {
	return c.abi
}

// NewOutputOracle creates a new instance of OutputOracle.
func NewOutputOracle() *OutputOracle {
	parsed, err := OutputOracleMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &OutputOracle{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *OutputOracle) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address inbox, address challenger_, uint256 bond_, uint64 challengeWindow_) returns()
func (outputOracle *OutputOracle) PackConstructor(inbox common.Address, challenger_ common.Address, bond_ *big.Int, challengeWindow_ uint64) []byte {
	enc, err := outputOracle.abi.Pack("", inbox, challenger_, bond_, challengeWindow_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackOUTPUTVERSION is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeb335f75.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function OUTPUT_VERSION() view returns(bytes32)
func (outputOracle *OutputOracle) PackOUTPUTVERSION() []byte {
	enc, err := outputOracle.abi.Pack("OUTPUT_VERSION")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOUTPUTVERSION is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeb335f75.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function OUTPUT_VERSION() view returns(bytes32)
func (outputOracle *OutputOracle) TryPackOUTPUTVERSION() ([]byte, error) {
	return outputOracle.abi.Pack("OUTPUT_VERSION")
}

// UnpackOUTPUTVERSION is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xeb335f75.
//
// Solidity: function OUTPUT_VERSION() view returns(bytes32)
func (outputOracle *OutputOracle) UnpackOUTPUTVERSION(data []byte) ([32]byte, error) {
	out, err := outputOracle.abi.Unpack("OUTPUT_VERSION", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackBatchInbox is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdac6e63a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batchInbox() view returns(address)
func (outputOracle *OutputOracle) PackBatchInbox() []byte {
	enc, err := outputOracle.abi.Pack("batchInbox")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatchInbox is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdac6e63a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batchInbox() view returns(address)
func (outputOracle *OutputOracle) TryPackBatchInbox() ([]byte, error) {
	return outputOracle.abi.Pack("batchInbox")
}

// UnpackBatchInbox is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdac6e63a.
//
// Solidity: function batchInbox() view returns(address)
func (outputOracle *OutputOracle) UnpackBatchInbox(data []byte) (common.Address, error) {
	out, err := outputOracle.abi.Unpack("batchInbox", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackBond is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x64c9ec6f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function bond() view returns(uint256)
func (outputOracle *OutputOracle) PackBond() []byte {
	enc, err := outputOracle.abi.Pack("bond")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBond is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x64c9ec6f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function bond() view returns(uint256)
func (outputOracle *OutputOracle) TryPackBond() ([]byte, error) {
	return outputOracle.abi.Pack("bond")
}

// UnpackBond is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x64c9ec6f.
//
// Solidity: function bond() view returns(uint256)
func (outputOracle *OutputOracle) UnpackBond(data []byte) (*big.Int, error) {
	out, err := outputOracle.abi.Unpack("bond", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackChallengeWindow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x861a1412.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function challengeWindow() view returns(uint64)
func (outputOracle *OutputOracle) PackChallengeWindow() []byte {
	enc, err := outputOracle.abi.Pack("challengeWindow")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChallengeWindow is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x861a1412.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function challengeWindow() view returns(uint64)
func (outputOracle *OutputOracle) TryPackChallengeWindow() ([]byte, error) {
	return outputOracle.abi.Pack("challengeWindow")
}

// UnpackChallengeWindow is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x861a1412.
//
// Solidity: function challengeWindow() view returns(uint64)
func (outputOracle *OutputOracle) UnpackChallengeWindow(data []byte) (uint64, error) {
	out, err := outputOracle.abi.Unpack("challengeWindow", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackChallenger is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x534db0e2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function challenger() view returns(address)
func (outputOracle *OutputOracle) PackChallenger() []byte {
	enc, err := outputOracle.abi.Pack("challenger")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChallenger is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x534db0e2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function challenger() view returns(address)
func (outputOracle *OutputOracle) TryPackChallenger() ([]byte, error) {
	return outputOracle.abi.Pack("challenger")
}

// UnpackChallenger is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x534db0e2.
//
// Solidity: function challenger() view returns(address)
func (outputOracle *OutputOracle) UnpackChallenger(data []byte) (common.Address, error) {
	out, err := outputOracle.abi.Unpack("challenger", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackComputeOutputRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbee3c569.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function computeOutputRoot(bytes32 stateRoot, bytes32 blockHash, bytes32 withdrawalsRoot) pure returns(bytes32)
func (outputOracle *OutputOracle) PackComputeOutputRoot(stateRoot [32]byte, blockHash [32]byte, withdrawalsRoot [32]byte) []byte {
	enc, err := outputOracle.abi.Pack("computeOutputRoot", stateRoot, blockHash, withdrawalsRoot)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackComputeOutputRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbee3c569.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function computeOutputRoot(bytes32 stateRoot, bytes32 blockHash, bytes32 withdrawalsRoot) pure returns(bytes32)
func (outputOracle *OutputOracle) TryPackComputeOutputRoot(stateRoot [32]byte, blockHash [32]byte, withdrawalsRoot [32]byte) ([]byte, error) {
	return outputOracle.abi.Pack("computeOutputRoot", stateRoot, blockHash, withdrawalsRoot)
}

// UnpackComputeOutputRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbee3c569.
//
// Solidity: function computeOutputRoot(bytes32 stateRoot, bytes32 blockHash, bytes32 withdrawalsRoot) pure returns(bytes32)
func (outputOracle *OutputOracle) UnpackComputeOutputRoot(data []byte) ([32]byte, error) {
	out, err := outputOracle.abi.Unpack("computeOutputRoot", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackCredit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5d44d80.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function credit(address ) view returns(uint256)
func (outputOracle *OutputOracle) PackCredit(arg0 common.Address) []byte {
	enc, err := outputOracle.abi.Pack("credit", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCredit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5d44d80.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function credit(address ) view returns(uint256)
func (outputOracle *OutputOracle) TryPackCredit(arg0 common.Address) ([]byte, error) {
	return outputOracle.abi.Pack("credit", arg0)
}

// UnpackCredit is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd5d44d80.
//
// Solidity: function credit(address ) view returns(uint256)
func (outputOracle *OutputOracle) UnpackCredit(data []byte) (*big.Int, error) {
	out, err := outputOracle.abi.Unpack("credit", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackFinalizedCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5cb0d17.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function finalizedCount() view returns(uint256)
func (outputOracle *OutputOracle) PackFinalizedCount() []byte {
	enc, err := outputOracle.abi.Pack("finalizedCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFinalizedCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5cb0d17.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function finalizedCount() view returns(uint256)
func (outputOracle *OutputOracle) TryPackFinalizedCount() ([]byte, error) {
	return outputOracle.abi.Pack("finalizedCount")
}

// UnpackFinalizedCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe5cb0d17.
//
// Solidity: function finalizedCount() view returns(uint256)
func (outputOracle *OutputOracle) UnpackFinalizedCount(data []byte) (*big.Int, error) {
	out, err := outputOracle.abi.Unpack("finalizedCount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackGetOutput is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x17861f87.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getOutput(uint256 index) view returns((bytes32,address,uint48,uint40,bool))
func (outputOracle *OutputOracle) PackGetOutput(index *big.Int) []byte {
	enc, err := outputOracle.abi.Pack("getOutput", index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetOutput is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x17861f87.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getOutput(uint256 index) view returns((bytes32,address,uint48,uint40,bool))
func (outputOracle *OutputOracle) TryPackGetOutput(index *big.Int) ([]byte, error) {
	return outputOracle.abi.Pack("getOutput", index)
}

// UnpackGetOutput is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x17861f87.
//
// Solidity: function getOutput(uint256 index) view returns((bytes32,address,uint48,uint40,bool))
func (outputOracle *OutputOracle) UnpackGetOutput(data []byte) (OutputOracleOutput, error) {
	out, err := outputOracle.abi.Unpack("getOutput", data)
	if err != nil {
		return *new(OutputOracleOutput), err
	}
	out0 := *abi.ConvertType(out[0], new(OutputOracleOutput)).(*OutputOracleOutput)
	return out0, nil
}

// PackInvalidateFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x236d1da7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function invalidateFrom(uint256 index) returns()
func (outputOracle *OutputOracle) PackInvalidateFrom(index *big.Int) []byte {
	enc, err := outputOracle.abi.Pack("invalidateFrom", index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackInvalidateFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x236d1da7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function invalidateFrom(uint256 index) returns()
func (outputOracle *OutputOracle) TryPackInvalidateFrom(index *big.Int) ([]byte, error) {
	return outputOracle.abi.Pack("invalidateFrom", index)
}

// PackIsFinalized is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x33727c4d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isFinalized(uint256 index) view returns(bool)
func (outputOracle *OutputOracle) PackIsFinalized(index *big.Int) []byte {
	enc, err := outputOracle.abi.Pack("isFinalized", index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsFinalized is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x33727c4d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isFinalized(uint256 index) view returns(bool)
func (outputOracle *OutputOracle) TryPackIsFinalized(index *big.Int) ([]byte, error) {
	return outputOracle.abi.Pack("isFinalized", index)
}

// UnpackIsFinalized is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x33727c4d.
//
// Solidity: function isFinalized(uint256 index) view returns(bool)
func (outputOracle *OutputOracle) UnpackIsFinalized(data []byte) (bool, error) {
	out, err := outputOracle.abi.Unpack("isFinalized", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackOutputCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0ee2d331.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function outputCount() view returns(uint256)
func (outputOracle *OutputOracle) PackOutputCount() []byte {
	enc, err := outputOracle.abi.Pack("outputCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOutputCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0ee2d331.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function outputCount() view returns(uint256)
func (outputOracle *OutputOracle) TryPackOutputCount() ([]byte, error) {
	return outputOracle.abi.Pack("outputCount")
}

// UnpackOutputCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0ee2d331.
//
// Solidity: function outputCount() view returns(uint256)
func (outputOracle *OutputOracle) UnpackOutputCount(data []byte) (*big.Int, error) {
	out, err := outputOracle.abi.Unpack("outputCount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackPropose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x14198551.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function propose(uint64 l2Block, bytes32 stateRoot, bytes32 blockHash, bytes32 withdrawalsRoot) payable returns(uint256 index)
func (outputOracle *OutputOracle) PackPropose(l2Block uint64, stateRoot [32]byte, blockHash [32]byte, withdrawalsRoot [32]byte) []byte {
	enc, err := outputOracle.abi.Pack("propose", l2Block, stateRoot, blockHash, withdrawalsRoot)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPropose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x14198551.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function propose(uint64 l2Block, bytes32 stateRoot, bytes32 blockHash, bytes32 withdrawalsRoot) payable returns(uint256 index)
func (outputOracle *OutputOracle) TryPackPropose(l2Block uint64, stateRoot [32]byte, blockHash [32]byte, withdrawalsRoot [32]byte) ([]byte, error) {
	return outputOracle.abi.Pack("propose", l2Block, stateRoot, blockHash, withdrawalsRoot)
}

// UnpackPropose is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x14198551.
//
// Solidity: function propose(uint64 l2Block, bytes32 stateRoot, bytes32 blockHash, bytes32 withdrawalsRoot) payable returns(uint256 index)
func (outputOracle *OutputOracle) UnpackPropose(data []byte) (*big.Int, error) {
	out, err := outputOracle.abi.Unpack("propose", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackReturnBond is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8b260104.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function returnBond(uint256 index) returns()
func (outputOracle *OutputOracle) PackReturnBond(index *big.Int) []byte {
	enc, err := outputOracle.abi.Pack("returnBond", index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReturnBond is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8b260104.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function returnBond(uint256 index) returns()
func (outputOracle *OutputOracle) TryPackReturnBond(index *big.Int) ([]byte, error) {
	return outputOracle.abi.Pack("returnBond", index)
}

// PackWithdrawCredit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc36f3874.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdrawCredit() returns()
func (outputOracle *OutputOracle) PackWithdrawCredit() []byte {
	enc, err := outputOracle.abi.Pack("withdrawCredit")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdrawCredit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc36f3874.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdrawCredit() returns()
func (outputOracle *OutputOracle) TryPackWithdrawCredit() ([]byte, error) {
	return outputOracle.abi.Pack("withdrawCredit")
}

// OutputOracleBondReturned represents a BondReturned event raised by the OutputOracle contract.
type OutputOracleBondReturned struct {
	Index    *big.Int
	Proposer common.Address
	Amount   *big.Int
	Raw      *types.Log // Blockchain specific contextual infos
}

const OutputOracleBondReturnedEventName = "BondReturned"

// ContractEventName returns the user-defined event name.
func (OutputOracleBondReturned) ContractEventName() string {
	return OutputOracleBondReturnedEventName
}

// UnpackBondReturnedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BondReturned(uint256 indexed index, address proposer, uint256 amount)
func (outputOracle *OutputOracle) UnpackBondReturnedEvent(log *types.Log) (*OutputOracleBondReturned, error) {
	event := "BondReturned"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != outputOracle.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(OutputOracleBondReturned)
	if len(log.Data) > 0 {
		if err := outputOracle.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range outputOracle.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// OutputOracleOutputProposed represents a OutputProposed event raised by the OutputOracle contract.
type OutputOracleOutputProposed struct {
	Index      *big.Int
	OutputRoot [32]byte
	L2Block    uint64
	Proposer   common.Address
	Timestamp  uint64
	Raw        *types.Log // Blockchain specific contextual infos
}

const OutputOracleOutputProposedEventName = "OutputProposed"

// ContractEventName returns the user-defined event name.
func (OutputOracleOutputProposed) ContractEventName() string {
	return OutputOracleOutputProposedEventName
}

// UnpackOutputProposedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event OutputProposed(uint256 indexed index, bytes32 outputRoot, uint64 l2Block, address proposer, uint64 timestamp)
func (outputOracle *OutputOracle) UnpackOutputProposedEvent(log *types.Log) (*OutputOracleOutputProposed, error) {
	event := "OutputProposed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != outputOracle.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(OutputOracleOutputProposed)
	if len(log.Data) > 0 {
		if err := outputOracle.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range outputOracle.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// OutputOracleOutputsInvalidated represents a OutputsInvalidated event raised by the OutputOracle contract.
type OutputOracleOutputsInvalidated struct {
	FromIndex *big.Int
	ToIndex   *big.Int
	Slashed   *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const OutputOracleOutputsInvalidatedEventName = "OutputsInvalidated"

// ContractEventName returns the user-defined event name.
func (OutputOracleOutputsInvalidated) ContractEventName() string {
	return OutputOracleOutputsInvalidatedEventName
}

// UnpackOutputsInvalidatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event OutputsInvalidated(uint256 fromIndex, uint256 toIndex, uint256 slashed)
func (outputOracle *OutputOracle) UnpackOutputsInvalidatedEvent(log *types.Log) (*OutputOracleOutputsInvalidated, error) {
	event := "OutputsInvalidated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != outputOracle.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(OutputOracleOutputsInvalidated)
	if len(log.Data) > 0 {
		if err := outputOracle.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range outputOracle.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (outputOracle *OutputOracle) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], outputOracle.abi.Errors["AlreadyFinalized"].ID.Bytes()[:4]) {
		return outputOracle.UnpackAlreadyFinalizedError(raw[4:])
	}
	if bytes.Equal(raw[:4], outputOracle.abi.Errors["BlockNotBatched"].ID.Bytes()[:4]) {
		return outputOracle.UnpackBlockNotBatchedError(raw[4:])
	}
	if bytes.Equal(raw[:4], outputOracle.abi.Errors["BlockNotIncreasing"].ID.Bytes()[:4]) {
		return outputOracle.UnpackBlockNotIncreasingError(raw[4:])
	}
	if bytes.Equal(raw[:4], outputOracle.abi.Errors["BlockOutOfRange"].ID.Bytes()[:4]) {
		return outputOracle.UnpackBlockOutOfRangeError(raw[4:])
	}
	if bytes.Equal(raw[:4], outputOracle.abi.Errors["BondAlreadyReturned"].ID.Bytes()[:4]) {
		return outputOracle.UnpackBondAlreadyReturnedError(raw[4:])
	}
	if bytes.Equal(raw[:4], outputOracle.abi.Errors["NotChallenger"].ID.Bytes()[:4]) {
		return outputOracle.UnpackNotChallengerError(raw[4:])
	}
	if bytes.Equal(raw[:4], outputOracle.abi.Errors["NotFinalized"].ID.Bytes()[:4]) {
		return outputOracle.UnpackNotFinalizedError(raw[4:])
	}
	if bytes.Equal(raw[:4], outputOracle.abi.Errors["TransferFailed"].ID.Bytes()[:4]) {
		return outputOracle.UnpackTransferFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], outputOracle.abi.Errors["UnknownOutput"].ID.Bytes()[:4]) {
		return outputOracle.UnpackUnknownOutputError(raw[4:])
	}
	if bytes.Equal(raw[:4], outputOracle.abi.Errors["WrongBond"].ID.Bytes()[:4]) {
		return outputOracle.UnpackWrongBondError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// OutputOracleAlreadyFinalized represents a AlreadyFinalized error raised by the OutputOracle contract.
type OutputOracleAlreadyFinalized struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyFinalized(uint256 index)
func OutputOracleAlreadyFinalizedErrorID() common.Hash {
	return common.HexToHash("0xf075432911496a9efbc824c20b649ec3a83845a62966846bd8cf1cbb1cea71c3")
}

// UnpackAlreadyFinalizedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyFinalized(uint256 index)
func (outputOracle *OutputOracle) UnpackAlreadyFinalizedError(raw []byte) (*OutputOracleAlreadyFinalized, error) {
	out := new(OutputOracleAlreadyFinalized)
	if err := outputOracle.abi.UnpackIntoInterface(out, "AlreadyFinalized", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OutputOracleBlockNotBatched represents a BlockNotBatched error raised by the OutputOracle contract.
type OutputOracleBlockNotBatched struct {
	L2Block     uint64
	LastBatched uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BlockNotBatched(uint64 l2Block, uint64 lastBatched)
func OutputOracleBlockNotBatchedErrorID() common.Hash {
	return common.HexToHash("0x5a340a2ca941f4a83df0a75a4ed28e34369665fa54ef5120a56e175f5b4cfe6c")
}

// UnpackBlockNotBatchedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BlockNotBatched(uint64 l2Block, uint64 lastBatched)
func (outputOracle *OutputOracle) UnpackBlockNotBatchedError(raw []byte) (*OutputOracleBlockNotBatched, error) {
	out := new(OutputOracleBlockNotBatched)
	if err := outputOracle.abi.UnpackIntoInterface(out, "BlockNotBatched", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OutputOracleBlockNotIncreasing represents a BlockNotIncreasing error raised by the OutputOracle contract.
type OutputOracleBlockNotIncreasing struct {
	L2Block  uint64
	Previous uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BlockNotIncreasing(uint64 l2Block, uint64 previous)
func OutputOracleBlockNotIncreasingErrorID() common.Hash {
	return common.HexToHash("0xc557651d4b5c0f72327327ea5469435b7bf6744a2a2e6595aba9bfbfb1dabc2c")
}

// UnpackBlockNotIncreasingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BlockNotIncreasing(uint64 l2Block, uint64 previous)
func (outputOracle *OutputOracle) UnpackBlockNotIncreasingError(raw []byte) (*OutputOracleBlockNotIncreasing, error) {
	out := new(OutputOracleBlockNotIncreasing)
	if err := outputOracle.abi.UnpackIntoInterface(out, "BlockNotIncreasing", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OutputOracleBlockOutOfRange represents a BlockOutOfRange error raised by the OutputOracle contract.
type OutputOracleBlockOutOfRange struct {
	L2Block uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BlockOutOfRange(uint64 l2Block)
func OutputOracleBlockOutOfRangeErrorID() common.Hash {
	return common.HexToHash("0xe7df0d91f8146291f5d6ef11f3dbf0e0c8e1546abc1c3058d40d3c250c4021cf")
}

// UnpackBlockOutOfRangeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BlockOutOfRange(uint64 l2Block)
func (outputOracle *OutputOracle) UnpackBlockOutOfRangeError(raw []byte) (*OutputOracleBlockOutOfRange, error) {
	out := new(OutputOracleBlockOutOfRange)
	if err := outputOracle.abi.UnpackIntoInterface(out, "BlockOutOfRange", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OutputOracleBondAlreadyReturned represents a BondAlreadyReturned error raised by the OutputOracle contract.
type OutputOracleBondAlreadyReturned struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BondAlreadyReturned(uint256 index)
func OutputOracleBondAlreadyReturnedErrorID() common.Hash {
	return common.HexToHash("0x618c78d5d77ac2a39a257cfbe346badd1c9c6a33e64229def793fa31af0308e7")
}

// UnpackBondAlreadyReturnedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BondAlreadyReturned(uint256 index)
func (outputOracle *OutputOracle) UnpackBondAlreadyReturnedError(raw []byte) (*OutputOracleBondAlreadyReturned, error) {
	out := new(OutputOracleBondAlreadyReturned)
	if err := outputOracle.abi.UnpackIntoInterface(out, "BondAlreadyReturned", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OutputOracleNotChallenger represents a NotChallenger error raised by the OutputOracle contract.
type OutputOracleNotChallenger struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotChallenger(address caller)
func OutputOracleNotChallengerErrorID() common.Hash {
	return common.HexToHash("0xc09a28943166d052fb7e0962e2d896262f7aa45f42f48864ab529d1032b760c8")
}

// UnpackNotChallengerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotChallenger(address caller)
func (outputOracle *OutputOracle) UnpackNotChallengerError(raw []byte) (*OutputOracleNotChallenger, error) {
	out := new(OutputOracleNotChallenger)
	if err := outputOracle.abi.UnpackIntoInterface(out, "NotChallenger", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OutputOracleNotFinalized represents a NotFinalized error raised by the OutputOracle contract.
type OutputOracleNotFinalized struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotFinalized(uint256 index)
func OutputOracleNotFinalizedErrorID() common.Hash {
	return common.HexToHash("0xbea0218a7a73f523dfdd8f610bf4e825d5648ed1e9b38565c15a3fa338c22958")
}

// UnpackNotFinalizedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotFinalized(uint256 index)
func (outputOracle *OutputOracle) UnpackNotFinalizedError(raw []byte) (*OutputOracleNotFinalized, error) {
	out := new(OutputOracleNotFinalized)
	if err := outputOracle.abi.UnpackIntoInterface(out, "NotFinalized", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OutputOracleTransferFailed represents a TransferFailed error raised by the OutputOracle contract.
type OutputOracleTransferFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TransferFailed()
func OutputOracleTransferFailedErrorID() common.Hash {
	return common.HexToHash("0x90b8ec1877afffd816d05d9b13947f3ff18ec5851c38bad15ec2b710f92391b1")
}

// UnpackTransferFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TransferFailed()
func (outputOracle *OutputOracle) UnpackTransferFailedError(raw []byte) (*OutputOracleTransferFailed, error) {
	out := new(OutputOracleTransferFailed)
	if err := outputOracle.abi.UnpackIntoInterface(out, "TransferFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OutputOracleUnknownOutput represents a UnknownOutput error raised by the OutputOracle contract.
type OutputOracleUnknownOutput struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownOutput(uint256 index)
func OutputOracleUnknownOutputErrorID() common.Hash {
	return common.HexToHash("0xb92c768a59d23854ab46ad8af0128bd592f125b4cfc5826732354072d5ecf999")
}

// UnpackUnknownOutputError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownOutput(uint256 index)
func (outputOracle *OutputOracle) UnpackUnknownOutputError(raw []byte) (*OutputOracleUnknownOutput, error) {
	out := new(OutputOracleUnknownOutput)
	if err := outputOracle.abi.UnpackIntoInterface(out, "UnknownOutput", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OutputOracleWrongBond represents a WrongBond error raised by the OutputOracle contract.
type OutputOracleWrongBond struct {
	Sent     *big.Int
	Required *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongBond(uint256 sent, uint256 required)
func OutputOracleWrongBondErrorID() common.Hash {
	return common.HexToHash("0x0c5e03da3c3575f08d387f0e59dfdfe46b22550c7a25676fffcb9251582e2c11")
}

// UnpackWrongBondError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongBond(uint256 sent, uint256 required)
func (outputOracle *OutputOracle) UnpackWrongBondError(raw []byte) (*OutputOracleWrongBond, error) {
	out := new(OutputOracleWrongBond)
	if err := outputOracle.abi.UnpackIntoInterface(out, "WrongBond", raw); err != nil {
		return nil, err
	}
	return out, nil
}
