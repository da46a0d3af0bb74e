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

// BatchInboxAttestation is an auto generated low-level Go binding around an user-defined struct.
type BatchInboxAttestation struct {
	Keys      []byte
	Signers   *big.Int
	Signature []byte
}

// BatchInboxBatchHeader is an auto generated low-level Go binding around an user-defined struct.
type BatchInboxBatchHeader struct {
	Index         uint64
	FirstBlock    uint64
	LastBlock     uint64
	PrevBatchHash [32]byte
}

// BatchInboxMetaData contains all meta data concerning the BatchInbox contract.
var BatchInboxMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractISequencerQuorum\",\"name\":\"set\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"genesisL2Block\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"size\",\"type\":\"uint256\"}],\"name\":\"BadCalldataSize\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"index\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"nextIndex\",\"type\":\"uint64\"}],\"name\":\"BatchIndexGap\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"index\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"nextIndex\",\"type\":\"uint64\"}],\"name\":\"BatchIndexUsed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"firstBlock\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"expected\",\"type\":\"uint64\"}],\"name\":\"BlockRangeGap\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"firstBlock\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastBlock\",\"type\":\"uint64\"}],\"name\":\"EmptyBlockRange\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NoBlobs\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"given\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"expected\",\"type\":\"bytes32\"}],\"name\":\"PrevBatchHashMismatch\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"TooManyBlobs\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"index\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"batchHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"firstBlock\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"lastBlock\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"medium\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"dataHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32[]\",\"name\":\"blobHashes\",\"type\":\"bytes32[]\"}],\"name\":\"BatchAppended\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"BATCH_TAG\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_BLOBS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_CALLDATA_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MEDIUM_BLOBS\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MEDIUM_CALLDATA\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"hash\",\"type\":\"bytes32\"}],\"name\":\"batchDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"index\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"firstBlock\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastBlock\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"prevBatchHash\",\"type\":\"bytes32\"}],\"internalType\":\"structBatchInbox.BatchHeader\",\"name\":\"header\",\"type\":\"tuple\"},{\"internalType\":\"uint8\",\"name\":\"medium\",\"type\":\"uint8\"},{\"internalType\":\"bytes32\",\"name\":\"dataHash\",\"type\":\"bytes32\"}],\"name\":\"batchHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"name\":\"batchHashes\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastBatchHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastL2Block\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nextIndex\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"sequencerSet\",\"outputs\":[{\"internalType\":\"contractISequencerQuorum\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"index\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"firstBlock\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastBlock\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"prevBatchHash\",\"type\":\"bytes32\"}],\"internalType\":\"structBatchInbox.BatchHeader\",\"name\":\"header\",\"type\":\"tuple\"},{\"components\":[{\"internalType\":\"bytes\",\"name\":\"keys\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"signers\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"internalType\":\"structBatchInbox.Attestation\",\"name\":\"att\",\"type\":\"tuple\"}],\"name\":\"submitBlobBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"index\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"firstBlock\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastBlock\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"prevBatchHash\",\"type\":\"bytes32\"}],\"internalType\":\"structBatchInbox.BatchHeader\",\"name\":\"header\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"},{\"components\":[{\"internalType\":\"bytes\",\"name\":\"keys\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"signers\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"internalType\":\"structBatchInbox.Attestation\",\"name\":\"att\",\"type\":\"tuple\"}],\"name\":\"submitCalldataBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "BatchInbox",
	Bin: "0x60a060405234801561000f575f5ffd5b50604051610de6380380610de683398101604081905261002e9161006f565b6001600160a01b039091166080525f80546001600160401b039092166801000000000000000002600160401b600160801b03199092169190911790556100bd565b5f5f60408385031215610080575f5ffd5b82516001600160a01b0381168114610096575f5ffd5b60208401519092506001600160401b03811681146100b2575f5ffd5b809150509250929050565b608051610d036100e35f395f81816101f9015281816102de015261049c0152610d035ff3fe608060405234801561000f575f5ffd5b50600436106100e4575f3560e01c806388a6b15711610088578063c846927a11610063578063c846927a146101ea578063e3704f3f146101f4578063f09e078214610233578063fc7e9c6f1461023b575f5ffd5b806388a6b157146101bd578063a070df90146101d0578063a4d9ef18146101d7575f5ffd5b80635d2a15a6116100c35780635d2a15a614610133578063783f860e1461014657806378a257321461016557806383e74c9814610196575f5ffd5b80620ddd27146100e85780633eb7d7ec1461010457806353bf2d8314610119575b5f5ffd5b6100f160015481565b6040519081526020015b60405180910390f35b610117610112366004610989565b61024d565b005b610121600181565b60405160ff90911681526020016100fb565b6100f1610141366004610a30565b6102b8565b6100f1610154366004610a47565b60026020525f908152604090205481565b5f5461017e90600160401b90046001600160401b031681565b6040516001600160401b0390911681526020016100fb565b6100f17f6bc6fe2c2fc29b6a4cc1abcd5293afc0d0b7301aca1be00bb03c196fbb06c4b281565b6101176101cb366004610a74565b6103a8565b6101215f81565b6100f16101e5366004610abf565b6103ec565b6100f16202000081565b61021b7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020016100fb565b6100f1601081565b5f5461017e906001600160401b031681565b81158061025c57506202000082115b1561028257604051630a67df2360e21b8152600481018390526024015b60405180910390fd5b6102b2845f8585604051610297929190610b01565b604080519182900382205f835260208301909152908561047b565b50505050565b5f7f6bc6fe2c2fc29b6a4cc1abcd5293afc0d0b7301aca1be00bb03c196fbb06c4b246307f00000000000000000000000000000000000000000000000000000000000000006001600160a01b0316637869a72f6040518163ffffffff1660e01b8152600401602060405180830381865afa158015610338573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061035c9190610b24565b6040805160208101959095528401929092526001600160a01b03166060830152608082015260a0810183905260c001604051602081830303815290604052805190602001209050919050565b5f6103b161065c565b90506103e7836001836040516020016103ca9190610b3b565b60405160208183030381529060405280519060200120848661047b565b505050565b5f6103fa6020850185610a47565b61040a6040860160208701610a47565b61041a6060870160408801610a47565b604080516001600160401b03948516602082015292841690830152909116606080830191909152850135608082015260ff841660a082015260c0810183905260e0016040516020818303038152906040528051906020012090509392505050565b61048485610744565b5f6104908686866103ec565b90506001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016634344c6856104cb8480610b70565b85602001356104d9866102b8565b6104e66040890189610b70565b6040518763ffffffff1660e01b815260040161050796959493929190610be1565b5f6040518083038186803b15801561051d575f5ffd5b505afa15801561052f573d5f5f3e3d5ffd5b50610541925050506020870187610a47565b61054c906001610c34565b5f805467ffffffffffffffff19166001600160401b039290921691909117905561057c6060870160408801610a47565b5f80546001600160401b0392909216600160401b026fffffffffffffffff000000000000000019909216919091178155600182905581906002906105c360208a018a610a47565b6001600160401b031681526020808201929092526040015f20919091556105ec90870187610a47565b6001600160401b03167f5fb78061441b2e7ae7c860e9ea4da56bd81dee762a5d8ab46b8dea0f80b329c18261062760408a0160208b01610a47565b61063760608b0160408c01610a47565b89898960405161064c96959493929190610c59565b60405180910390a2505050505050565b60605f5b601081111580156106715750804915155b15610688578061068081610cd7565b915050610660565b805f036106a85760405163fdac229f60e01b815260040160405180910390fd5b60108111156106ca5760405163f640f0e560e01b815260040160405180910390fd5b806001600160401b038111156106e2576106e2610b10565b60405190808252806020026020018201604052801561070b578160200160208202803683370190505b5091505f5b8181101561073f57804983828151811061072c5761072c610cef565b6020908102919091010152600101610710565b505090565b5f546001600160401b031661075c6020830183610a47565b6001600160401b031610156107a6576107786020820182610a47565b5f54604051632d852acd60e01b81526001600160401b03928316600482015291166024820152604401610279565b5f546001600160401b03166107be6020830183610a47565b6001600160401b03161115610808576107da6020820182610a47565b5f54604051632820188f60e11b81526001600160401b03928316600482015291166024820152604401610279565b60015481606001351461083f57600154604051639bbd98eb60e01b8152606083013560048201526024810191909152604401610279565b5f5461085c90600160401b90046001600160401b03166001610c34565b6001600160401b03166108756040830160208401610a47565b6001600160401b0316146108dc576108936040820160208301610a47565b5f546108b090600160401b90046001600160401b03166001610c34565b60405163524ef2a560e01b81526001600160401b03928316600482015291166024820152604401610279565b6108ec6040820160208301610a47565b6001600160401b03166109056060830160408401610a47565b6001600160401b03161015610960576109246040820160208301610a47565b6109346060830160408401610a47565b60405163133f748960e01b81526001600160401b03928316600482015291166024820152604401610279565b50565b5f60808284031215610973575f5ffd5b50919050565b5f60608284031215610973575f5ffd5b5f5f5f5f60c0858703121561099c575f5ffd5b6109a68686610963565b935060808501356001600160401b038111156109c0575f5ffd5b8501601f810187136109d0575f5ffd5b80356001600160401b038111156109e5575f5ffd5b8760208284010111156109f6575f5ffd5b6020919091019350915060a08501356001600160401b03811115610a18575f5ffd5b610a2487828801610979565b91505092959194509250565b5f60208284031215610a40575f5ffd5b5035919050565b5f60208284031215610a57575f5ffd5b81356001600160401b0381168114610a6d575f5ffd5b9392505050565b5f5f60a08385031215610a85575f5ffd5b610a8f8484610963565b915060808301356001600160401b03811115610aa9575f5ffd5b610ab585828601610979565b9150509250929050565b5f5f5f60c08486031215610ad1575f5ffd5b610adb8585610963565b9250608084013560ff81168114610af0575f5ffd5b9295929450505060a0919091013590565b818382375f9101908152919050565b634e487b7160e01b5f52604160045260245ffd5b5f60208284031215610b34575f5ffd5b5051919050565b81515f90829060208501835b82811015610b65578151845260209384019390910190600101610b47565b509195945050505050565b5f5f8335601e19843603018112610b85575f5ffd5b8301803591506001600160401b03821115610b9e575f5ffd5b602001915036819003821315610bb2575f5ffd5b9250929050565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b608081525f610bf460808301888a610bb9565b8660208401528560408401528281036060840152610c13818587610bb9565b9998505050505050505050565b634e487b7160e01b5f52601160045260245ffd5b6001600160401b038181168382160190811115610c5357610c53610c20565b92915050565b5f60c082018883526001600160401b03881660208401526001600160401b038716604084015260ff8616606084015284608084015260c060a084015280845180835260e0850191506020860192505f5b81811015610cc7578351835260209384019390920191600101610ca9565b50909a9950505050505050505050565b5f60018201610ce857610ce8610c20565b5060010190565b634e487b7160e01b5f52603260045260245ffd",
}

// BatchInbox is an auto generated Go binding around an Ethereum contract.
type BatchInbox struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *BatchInbox) GetABI() abi.ABI {
	return c.abi
}

// NewBatchInbox creates a new instance of BatchInbox.
func NewBatchInbox() *BatchInbox {
	parsed, err := BatchInboxMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &BatchInbox{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *BatchInbox) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address set, uint64 genesisL2Block) returns()
func (batchInbox *BatchInbox) PackConstructor(set common.Address, genesisL2Block uint64) []byte {
	enc, err := batchInbox.abi.Pack("", set, genesisL2Block)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackBATCHTAG is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x83e74c98.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function BATCH_TAG() view returns(bytes32)
func (batchInbox *BatchInbox) PackBATCHTAG() []byte {
	enc, err := batchInbox.abi.Pack("BATCH_TAG")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBATCHTAG is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x83e74c98.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function BATCH_TAG() view returns(bytes32)
func (batchInbox *BatchInbox) TryPackBATCHTAG() ([]byte, error) {
	return batchInbox.abi.Pack("BATCH_TAG")
}

// UnpackBATCHTAG is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x83e74c98.
//
// Solidity: function BATCH_TAG() view returns(bytes32)
func (batchInbox *BatchInbox) UnpackBATCHTAG(data []byte) ([32]byte, error) {
	out, err := batchInbox.abi.Unpack("BATCH_TAG", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackMAXBLOBS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf09e0782.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_BLOBS() view returns(uint256)
func (batchInbox *BatchInbox) PackMAXBLOBS() []byte {
	enc, err := batchInbox.abi.Pack("MAX_BLOBS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXBLOBS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf09e0782.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_BLOBS() view returns(uint256)
func (batchInbox *BatchInbox) TryPackMAXBLOBS() ([]byte, error) {
	return batchInbox.abi.Pack("MAX_BLOBS")
}

// UnpackMAXBLOBS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf09e0782.
//
// Solidity: function MAX_BLOBS() view returns(uint256)
func (batchInbox *BatchInbox) UnpackMAXBLOBS(data []byte) (*big.Int, error) {
	out, err := batchInbox.abi.Unpack("MAX_BLOBS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXCALLDATABYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc846927a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_CALLDATA_BYTES() view returns(uint256)
func (batchInbox *BatchInbox) PackMAXCALLDATABYTES() []byte {
	enc, err := batchInbox.abi.Pack("MAX_CALLDATA_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXCALLDATABYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc846927a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_CALLDATA_BYTES() view returns(uint256)
func (batchInbox *BatchInbox) TryPackMAXCALLDATABYTES() ([]byte, error) {
	return batchInbox.abi.Pack("MAX_CALLDATA_BYTES")
}

// UnpackMAXCALLDATABYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc846927a.
//
// Solidity: function MAX_CALLDATA_BYTES() view returns(uint256)
func (batchInbox *BatchInbox) UnpackMAXCALLDATABYTES(data []byte) (*big.Int, error) {
	out, err := batchInbox.abi.Unpack("MAX_CALLDATA_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMEDIUMBLOBS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x53bf2d83.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MEDIUM_BLOBS() view returns(uint8)
func (batchInbox *BatchInbox) PackMEDIUMBLOBS() []byte {
	enc, err := batchInbox.abi.Pack("MEDIUM_BLOBS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMEDIUMBLOBS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x53bf2d83.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MEDIUM_BLOBS() view returns(uint8)
func (batchInbox *BatchInbox) TryPackMEDIUMBLOBS() ([]byte, error) {
	return batchInbox.abi.Pack("MEDIUM_BLOBS")
}

// UnpackMEDIUMBLOBS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x53bf2d83.
//
// Solidity: function MEDIUM_BLOBS() view returns(uint8)
func (batchInbox *BatchInbox) UnpackMEDIUMBLOBS(data []byte) (uint8, error) {
	out, err := batchInbox.abi.Unpack("MEDIUM_BLOBS", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackMEDIUMCALLDATA is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa070df90.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MEDIUM_CALLDATA() view returns(uint8)
func (batchInbox *BatchInbox) PackMEDIUMCALLDATA() []byte {
	enc, err := batchInbox.abi.Pack("MEDIUM_CALLDATA")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMEDIUMCALLDATA is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa070df90.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MEDIUM_CALLDATA() view returns(uint8)
func (batchInbox *BatchInbox) TryPackMEDIUMCALLDATA() ([]byte, error) {
	return batchInbox.abi.Pack("MEDIUM_CALLDATA")
}

// UnpackMEDIUMCALLDATA is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa070df90.
//
// Solidity: function MEDIUM_CALLDATA() view returns(uint8)
func (batchInbox *BatchInbox) UnpackMEDIUMCALLDATA(data []byte) (uint8, error) {
	out, err := batchInbox.abi.Unpack("MEDIUM_CALLDATA", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackBatchDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5d2a15a6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batchDigest(bytes32 hash) view returns(bytes32)
func (batchInbox *BatchInbox) PackBatchDigest(hash [32]byte) []byte {
	enc, err := batchInbox.abi.Pack("batchDigest", hash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatchDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5d2a15a6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batchDigest(bytes32 hash) view returns(bytes32)
func (batchInbox *BatchInbox) TryPackBatchDigest(hash [32]byte) ([]byte, error) {
	return batchInbox.abi.Pack("batchDigest", hash)
}

// UnpackBatchDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5d2a15a6.
//
// Solidity: function batchDigest(bytes32 hash) view returns(bytes32)
func (batchInbox *BatchInbox) UnpackBatchDigest(data []byte) ([32]byte, error) {
	out, err := batchInbox.abi.Unpack("batchDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackBatchHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa4d9ef18.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batchHash((uint64,uint64,uint64,bytes32) header, uint8 medium, bytes32 dataHash) pure returns(bytes32)
func (batchInbox *BatchInbox) PackBatchHash(header BatchInboxBatchHeader, medium uint8, dataHash [32]byte) []byte {
	enc, err := batchInbox.abi.Pack("batchHash", header, medium, dataHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatchHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa4d9ef18.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batchHash((uint64,uint64,uint64,bytes32) header, uint8 medium, bytes32 dataHash) pure returns(bytes32)
func (batchInbox *BatchInbox) TryPackBatchHash(header BatchInboxBatchHeader, medium uint8, dataHash [32]byte) ([]byte, error) {
	return batchInbox.abi.Pack("batchHash", header, medium, dataHash)
}

// UnpackBatchHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa4d9ef18.
//
// Solidity: function batchHash((uint64,uint64,uint64,bytes32) header, uint8 medium, bytes32 dataHash) pure returns(bytes32)
func (batchInbox *BatchInbox) UnpackBatchHash(data []byte) ([32]byte, error) {
	out, err := batchInbox.abi.Unpack("batchHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackBatchHashes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x783f860e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batchHashes(uint64 ) view returns(bytes32)
func (batchInbox *BatchInbox) PackBatchHashes(arg0 uint64) []byte {
	enc, err := batchInbox.abi.Pack("batchHashes", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatchHashes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x783f860e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batchHashes(uint64 ) view returns(bytes32)
func (batchInbox *BatchInbox) TryPackBatchHashes(arg0 uint64) ([]byte, error) {
	return batchInbox.abi.Pack("batchHashes", arg0)
}

// UnpackBatchHashes is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x783f860e.
//
// Solidity: function batchHashes(uint64 ) view returns(bytes32)
func (batchInbox *BatchInbox) UnpackBatchHashes(data []byte) ([32]byte, error) {
	out, err := batchInbox.abi.Unpack("batchHashes", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackLastBatchHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x000ddd27.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastBatchHash() view returns(bytes32)
func (batchInbox *BatchInbox) PackLastBatchHash() []byte {
	enc, err := batchInbox.abi.Pack("lastBatchHash")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastBatchHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x000ddd27.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastBatchHash() view returns(bytes32)
func (batchInbox *BatchInbox) TryPackLastBatchHash() ([]byte, error) {
	return batchInbox.abi.Pack("lastBatchHash")
}

// UnpackLastBatchHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x000ddd27.
//
// Solidity: function lastBatchHash() view returns(bytes32)
func (batchInbox *BatchInbox) UnpackLastBatchHash(data []byte) ([32]byte, error) {
	out, err := batchInbox.abi.Unpack("lastBatchHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackLastL2Block is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x78a25732.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastL2Block() view returns(uint64)
func (batchInbox *BatchInbox) PackLastL2Block() []byte {
	enc, err := batchInbox.abi.Pack("lastL2Block")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastL2Block is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x78a25732.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastL2Block() view returns(uint64)
func (batchInbox *BatchInbox) TryPackLastL2Block() ([]byte, error) {
	return batchInbox.abi.Pack("lastL2Block")
}

// UnpackLastL2Block is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x78a25732.
//
// Solidity: function lastL2Block() view returns(uint64)
func (batchInbox *BatchInbox) UnpackLastL2Block(data []byte) (uint64, error) {
	out, err := batchInbox.abi.Unpack("lastL2Block", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackNextIndex is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc7e9c6f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nextIndex() view returns(uint64)
func (batchInbox *BatchInbox) PackNextIndex() []byte {
	enc, err := batchInbox.abi.Pack("nextIndex")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNextIndex is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfc7e9c6f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nextIndex() view returns(uint64)
func (batchInbox *BatchInbox) TryPackNextIndex() ([]byte, error) {
	return batchInbox.abi.Pack("nextIndex")
}

// UnpackNextIndex is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfc7e9c6f.
//
// Solidity: function nextIndex() view returns(uint64)
func (batchInbox *BatchInbox) UnpackNextIndex(data []byte) (uint64, error) {
	out, err := batchInbox.abi.Unpack("nextIndex", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackSequencerSet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe3704f3f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sequencerSet() view returns(address)
func (batchInbox *BatchInbox) PackSequencerSet() []byte {
	enc, err := batchInbox.abi.Pack("sequencerSet")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSequencerSet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe3704f3f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sequencerSet() view returns(address)
func (batchInbox *BatchInbox) TryPackSequencerSet() ([]byte, error) {
	return batchInbox.abi.Pack("sequencerSet")
}

// UnpackSequencerSet is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe3704f3f.
//
// Solidity: function sequencerSet() view returns(address)
func (batchInbox *BatchInbox) UnpackSequencerSet(data []byte) (common.Address, error) {
	out, err := batchInbox.abi.Unpack("sequencerSet", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackSubmitBlobBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x88a6b157.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function submitBlobBatch((uint64,uint64,uint64,bytes32) header, (bytes,uint256,bytes) att) returns()
func (batchInbox *BatchInbox) PackSubmitBlobBatch(header BatchInboxBatchHeader, att BatchInboxAttestation) []byte {
	enc, err := batchInbox.abi.Pack("submitBlobBatch", header, att)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSubmitBlobBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x88a6b157.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function submitBlobBatch((uint64,uint64,uint64,bytes32) header, (bytes,uint256,bytes) att) returns()
func (batchInbox *BatchInbox) TryPackSubmitBlobBatch(header BatchInboxBatchHeader, att BatchInboxAttestation) ([]byte, error) {
	return batchInbox.abi.Pack("submitBlobBatch", header, att)
}

// PackSubmitCalldataBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3eb7d7ec.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function submitCalldataBatch((uint64,uint64,uint64,bytes32) header, bytes data, (bytes,uint256,bytes) att) returns()
func (batchInbox *BatchInbox) PackSubmitCalldataBatch(header BatchInboxBatchHeader, data []byte, att BatchInboxAttestation) []byte {
	enc, err := batchInbox.abi.Pack("submitCalldataBatch", header, data, att)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSubmitCalldataBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3eb7d7ec.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function submitCalldataBatch((uint64,uint64,uint64,bytes32) header, bytes data, (bytes,uint256,bytes) att) returns()
func (batchInbox *BatchInbox) TryPackSubmitCalldataBatch(header BatchInboxBatchHeader, data []byte, att BatchInboxAttestation) ([]byte, error) {
	return batchInbox.abi.Pack("submitCalldataBatch", header, data, att)
}

// BatchInboxBatchAppended represents a BatchAppended event raised by the BatchInbox contract.
type BatchInboxBatchAppended struct {
	Index      uint64
	BatchHash  [32]byte
	FirstBlock uint64
	LastBlock  uint64
	Medium     uint8
	DataHash   [32]byte
	BlobHashes [][32]byte
	Raw        *types.Log // Blockchain specific contextual infos
}

const BatchInboxBatchAppendedEventName = "BatchAppended"

// ContractEventName returns the user-defined event name.
func (BatchInboxBatchAppended) ContractEventName() string {
	return BatchInboxBatchAppendedEventName
}

// UnpackBatchAppendedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BatchAppended(uint64 indexed index, bytes32 batchHash, uint64 firstBlock, uint64 lastBlock, uint8 medium, bytes32 dataHash, bytes32[] blobHashes)
func (batchInbox *BatchInbox) UnpackBatchAppendedEvent(log *types.Log) (*BatchInboxBatchAppended, error) {
	event := "BatchAppended"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != batchInbox.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BatchInboxBatchAppended)
	if len(log.Data) > 0 {
		if err := batchInbox.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range batchInbox.abi.Events[event].Inputs {
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
func (batchInbox *BatchInbox) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], batchInbox.abi.Errors["BadCalldataSize"].ID.Bytes()[:4]) {
		return batchInbox.UnpackBadCalldataSizeError(raw[4:])
	}
	if bytes.Equal(raw[:4], batchInbox.abi.Errors["BatchIndexGap"].ID.Bytes()[:4]) {
		return batchInbox.UnpackBatchIndexGapError(raw[4:])
	}
	if bytes.Equal(raw[:4], batchInbox.abi.Errors["BatchIndexUsed"].ID.Bytes()[:4]) {
		return batchInbox.UnpackBatchIndexUsedError(raw[4:])
	}
	if bytes.Equal(raw[:4], batchInbox.abi.Errors["BlockRangeGap"].ID.Bytes()[:4]) {
		return batchInbox.UnpackBlockRangeGapError(raw[4:])
	}
	if bytes.Equal(raw[:4], batchInbox.abi.Errors["EmptyBlockRange"].ID.Bytes()[:4]) {
		return batchInbox.UnpackEmptyBlockRangeError(raw[4:])
	}
	if bytes.Equal(raw[:4], batchInbox.abi.Errors["NoBlobs"].ID.Bytes()[:4]) {
		return batchInbox.UnpackNoBlobsError(raw[4:])
	}
	if bytes.Equal(raw[:4], batchInbox.abi.Errors["PrevBatchHashMismatch"].ID.Bytes()[:4]) {
		return batchInbox.UnpackPrevBatchHashMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], batchInbox.abi.Errors["TooManyBlobs"].ID.Bytes()[:4]) {
		return batchInbox.UnpackTooManyBlobsError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// BatchInboxBadCalldataSize represents a BadCalldataSize error raised by the BatchInbox contract.
type BatchInboxBadCalldataSize struct {
	Size *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadCalldataSize(uint256 size)
func BatchInboxBadCalldataSizeErrorID() common.Hash {
	return common.HexToHash("0x299f7c8ca3957731a8979e3a30e5582e304f111165663ca56b8e0fc7e3f8e5db")
}

// UnpackBadCalldataSizeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadCalldataSize(uint256 size)
func (batchInbox *BatchInbox) UnpackBadCalldataSizeError(raw []byte) (*BatchInboxBadCalldataSize, error) {
	out := new(BatchInboxBadCalldataSize)
	if err := batchInbox.abi.UnpackIntoInterface(out, "BadCalldataSize", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BatchInboxBatchIndexGap represents a BatchIndexGap error raised by the BatchInbox contract.
type BatchInboxBatchIndexGap struct {
	Index     uint64
	NextIndex uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BatchIndexGap(uint64 index, uint64 nextIndex)
func BatchInboxBatchIndexGapErrorID() common.Hash {
	return common.HexToHash("0x5040311ebfa8df72e2764d431cdfee0579b0496e386c718c8ec7eab94b82fb9a")
}

// UnpackBatchIndexGapError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BatchIndexGap(uint64 index, uint64 nextIndex)
func (batchInbox *BatchInbox) UnpackBatchIndexGapError(raw []byte) (*BatchInboxBatchIndexGap, error) {
	out := new(BatchInboxBatchIndexGap)
	if err := batchInbox.abi.UnpackIntoInterface(out, "BatchIndexGap", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BatchInboxBatchIndexUsed represents a BatchIndexUsed error raised by the BatchInbox contract.
type BatchInboxBatchIndexUsed struct {
	Index     uint64
	NextIndex uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BatchIndexUsed(uint64 index, uint64 nextIndex)
func BatchInboxBatchIndexUsedErrorID() common.Hash {
	return common.HexToHash("0x2d852acdf184f4bb2da2bc29ef2a0ea5f6bd468d429589fd4827dc86285b44d8")
}

// UnpackBatchIndexUsedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BatchIndexUsed(uint64 index, uint64 nextIndex)
func (batchInbox *BatchInbox) UnpackBatchIndexUsedError(raw []byte) (*BatchInboxBatchIndexUsed, error) {
	out := new(BatchInboxBatchIndexUsed)
	if err := batchInbox.abi.UnpackIntoInterface(out, "BatchIndexUsed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BatchInboxBlockRangeGap represents a BlockRangeGap error raised by the BatchInbox contract.
type BatchInboxBlockRangeGap struct {
	FirstBlock uint64
	Expected   uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BlockRangeGap(uint64 firstBlock, uint64 expected)
func BatchInboxBlockRangeGapErrorID() common.Hash {
	return common.HexToHash("0x524ef2a5dce1749b2c0f5247e9d7364bc0824d7b29398ff5398d3865d06dc71c")
}

// UnpackBlockRangeGapError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BlockRangeGap(uint64 firstBlock, uint64 expected)
func (batchInbox *BatchInbox) UnpackBlockRangeGapError(raw []byte) (*BatchInboxBlockRangeGap, error) {
	out := new(BatchInboxBlockRangeGap)
	if err := batchInbox.abi.UnpackIntoInterface(out, "BlockRangeGap", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BatchInboxEmptyBlockRange represents a EmptyBlockRange error raised by the BatchInbox contract.
type BatchInboxEmptyBlockRange struct {
	FirstBlock uint64
	LastBlock  uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyBlockRange(uint64 firstBlock, uint64 lastBlock)
func BatchInboxEmptyBlockRangeErrorID() common.Hash {
	return common.HexToHash("0x133f74899091641a8085ce6ceed57093174ac4a5d6c9d4e47c0fd851b78d2bfc")
}

// UnpackEmptyBlockRangeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyBlockRange(uint64 firstBlock, uint64 lastBlock)
func (batchInbox *BatchInbox) UnpackEmptyBlockRangeError(raw []byte) (*BatchInboxEmptyBlockRange, error) {
	out := new(BatchInboxEmptyBlockRange)
	if err := batchInbox.abi.UnpackIntoInterface(out, "EmptyBlockRange", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BatchInboxNoBlobs represents a NoBlobs error raised by the BatchInbox contract.
type BatchInboxNoBlobs struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoBlobs()
func BatchInboxNoBlobsErrorID() common.Hash {
	return common.HexToHash("0xfdac229fa6c61d2e4a6bc1ebc68087ecb60df7b4b811cc9f0a38c384fb4e0fd8")
}

// UnpackNoBlobsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoBlobs()
func (batchInbox *BatchInbox) UnpackNoBlobsError(raw []byte) (*BatchInboxNoBlobs, error) {
	out := new(BatchInboxNoBlobs)
	if err := batchInbox.abi.UnpackIntoInterface(out, "NoBlobs", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BatchInboxPrevBatchHashMismatch represents a PrevBatchHashMismatch error raised by the BatchInbox contract.
type BatchInboxPrevBatchHashMismatch struct {
	Given    [32]byte
	Expected [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PrevBatchHashMismatch(bytes32 given, bytes32 expected)
func BatchInboxPrevBatchHashMismatchErrorID() common.Hash {
	return common.HexToHash("0x9bbd98eb38fc31c7e0ff8f79b95686ce9affdf1617a0b2ebcc1d05cb7ebbbd46")
}

// UnpackPrevBatchHashMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PrevBatchHashMismatch(bytes32 given, bytes32 expected)
func (batchInbox *BatchInbox) UnpackPrevBatchHashMismatchError(raw []byte) (*BatchInboxPrevBatchHashMismatch, error) {
	out := new(BatchInboxPrevBatchHashMismatch)
	if err := batchInbox.abi.UnpackIntoInterface(out, "PrevBatchHashMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BatchInboxTooManyBlobs represents a TooManyBlobs error raised by the BatchInbox contract.
type BatchInboxTooManyBlobs struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TooManyBlobs()
func BatchInboxTooManyBlobsErrorID() common.Hash {
	return common.HexToHash("0xf640f0e552baef1a7c4179ca58f75ee18d78a5e1099f402043c067e138c7f32f")
}

// UnpackTooManyBlobsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TooManyBlobs()
func (batchInbox *BatchInbox) UnpackTooManyBlobsError(raw []byte) (*BatchInboxTooManyBlobs, error) {
	out := new(BatchInboxTooManyBlobs)
	if err := batchInbox.abi.UnpackIntoInterface(out, "TooManyBlobs", raw); err != nil {
		return nil, err
	}
	return out, nil
}
