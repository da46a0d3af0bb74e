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

// SequencerSetMetaData contains all meta data concerning the SequencerSet contract.
var SequencerSetMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"genesisKeys\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"genesisProofs\",\"type\":\"bytes\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AggregateKeyAtInfinity\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"}],\"name\":\"BadKeysLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"}],\"name\":\"BadPointLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"keyHash\",\"type\":\"bytes32\"}],\"name\":\"BadProofOfPossession\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"bitmap\",\"type\":\"uint256\"}],\"name\":\"BadSignerBitmap\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"signers\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"setSize\",\"type\":\"uint256\"}],\"name\":\"BelowQuorum\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"KeyAtInfinity\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"keyHash\",\"type\":\"bytes32\"}],\"name\":\"KeyNotRegistered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"position\",\"type\":\"uint256\"}],\"name\":\"KeysNotSorted\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"precompile\",\"type\":\"address\"}],\"name\":\"PrecompileFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"given\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"current\",\"type\":\"bytes32\"}],\"name\":\"SetMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"size\",\"type\":\"uint256\"}],\"name\":\"SetSizeOutOfRange\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"given\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"current\",\"type\":\"uint64\"}],\"name\":\"StaleActivationHeight\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"keyHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"publicKey\",\"type\":\"bytes\"}],\"name\":\"KeyRegistered\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"setId\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"setHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"activationHeight\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"publicKeys\",\"type\":\"bytes\"}],\"name\":\"SetChanged\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"MAX_SET_SIZE\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"SET_CHANGE_TAG\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"activationHeight\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"newSetHash\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"newActivationHeight\",\"type\":\"uint64\"}],\"name\":\"changeDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"newKeys\",\"type\":\"bytes\"},{\"internalType\":\"uint64\",\"name\":\"newActivationHeight\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"currentKeys\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"signers\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"name\":\"changeSet\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"publicKey\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"registerKey\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"registered\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"setHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"setId\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"setSize\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"keys\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"signers\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"name\":\"verifyQuorum\",\"outputs\":[],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "SequencerSet",
	Bin: "0x608060405234801561000f575f5ffd5b506040516125b93803806125b983398101604081905261002e91610c79565b5f6080835161003d9190610d06565b905061004b61010082610d19565b825114610079578151604051635289c4ed60e01b815260040161007091815260200190565b60405180910390fd5b5f5b818110156100c1576100b961009c85610095608085610d19565b60806100d4565b6100b4856100ac61010086610d19565b6101006100d4565b61014e565b60010161007b565b506100cc835f61023a565b505050610f6f565b6060816001600160401b038111156100ee576100ee610bdc565b6040519080825280601f01601f191660200182016040528015610118576020820181803683370190505b5090505f5b82811015610146576020818501860181015183830182015261013f9082610d30565b905061011d565b509392505050565b6080825114610175578151604051635289c4ed60e01b815260040161007091815260200190565b61017e82610414565b1561019c5760405163013f4acd60e11b815260040160405180910390fd5b815160208301206101ad838361046e565b6101cd57604051631ae3c37f60e21b815260048101829052602401610070565b5f8181526002602052604090205460ff16610235575f8181526002602052604090819020805460ff191660011790555181907fd18a72a12b79cbd9e8e324490d40c0bdcf9c05a6f3aa5fb211071a02125f874f9061022c908690610d71565b60405180910390a25b505050565b608082516102489190610d83565b1561026b578151604051635289c4ed60e01b815260040161007091815260200190565b5f6080835161027a9190610d06565b90508015806102895750608081115b156102aa57604051639f927d4d60e01b815260048101829052602401610070565b5f805b82811015610330576080602082820287018101919091205f818152600290925260409091205460ff166102f657604051632941fedd60e01b815260048101829052602401610070565b5f821180156103055750828111155b1561032657604051631854aba160e31b815260048101839052602401610070565b91506001016102ad565b50835160208501206001541561037d575f80546001600160401b0316908061035783610d96565b91906101000a8154816001600160401b0302191690836001600160401b03160217905550505b60018190555f8054600160401b600160a01b031916600160801b63ffffffff861602600160401b600160801b03191617680100000000000000006001600160401b038781169190910291909117918290556040519116907f0dfc227250221d5ad0605aa8526896eaaefe8b3485a1337fa8b1e3bb64677af49061040590849088908a90610dc1565b60405180910390a25050505050565b5f608082511461043c57815160405163236dcf9b60e21b815260040161007091815260200190565b5f805b6080811015610466576020818501810151929092179161045f9082610d30565b905061043f565b501592915050565b5f61049b8361047c816104a4565b846040518060600160405280602b815260200161258e602b91396105f4565b90505b92915050565b606060808251146104cd57815160405163236dcf9b60e21b815260040161007091815260200190565b6020820151604083015160608401516080850151828417821781175f0361053b5760408051602f80825260608201909252600360fe1b91602082018180368337505060405161052193929150602001610e01565b604051602081830303815290604052945050505050919050565b5f6f0d0088f51cbff34d258dd3db21a5d66b83118061059357506f0d0088f51cbff34d258dd3db21a5d66b8314801561059357507fb23ba5c279c2895fb39869507b587b120f55ffff58a9ffffdcff7fffffffd55582115b90505f816105a25760806105a5565b60a05b604051607882901b60ff60781b16881760801b6001600160801b03191660208201526030810187905260ff90911691506050016040516020818303038152906040529650505050505050919050565b5f608085511461061c57845160405163236dcf9b60e21b815260040161007091815260200190565b61010083511461064457825160405163236dcf9b60e21b815260040161007091815260200190565b5f85610650868561078c565b6f17f1d3a73197d7942695638c4fa9ac0f7fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb6f114d1d6855d545a8aa7d76c8cf2e21f27f67816aef1db507c96655b9d5caac42364e6f38ba0ecb751bad54dcd6b939c2ca896040516020016106cb9796959493929190610e24565b60405160208183030381529060405290505f5f600f6001600160a01b0316836040516106f79190610e68565b5f60405180830381855afa9150503d805f811461072f576040519150601f19603f3d011682016040523d82523d5f602084013e610734565b606091505b509150915081158061074857508051602014155b15610769576040516375c6821d60e11b8152600f6004820152602401610070565b8080602001905181019061077d9190610e73565b60011498975050505050505050565b60605f6107998484610811565b90505f6107b96107a98383610a49565b6107b4846040610a49565b610b24565b90505f6107d56107ca846080610a49565b6107b48560c0610a49565b9050610807600d83836040516020016107ef929190610e8a565b60408051601f19818403018152919052610100610b3e565b9695505050505050565b606060ff825111156108595760405162461bcd60e51b8152602060048201526011602482015270424c533a2064737420746f6f206c6f6e6760781b6044820152606401610070565b5f82835160405160200161086e929190610e9e565b60408051808303601f1901815281835260608301825292505f9160029160208201818036833750506040516108b19291508890610100905f908890602001610ec5565b60408051601f19818403018152908290526108cb91610e68565b602060405180830381855afa1580156108e6573d5f5f3e3d5ffd5b5050506040513d601f19601f820116820180604052508101906109099190610e73565b90505f60028260018560405160200161092493929190610f17565b60408051601f198184030181529082905261093e91610e68565b602060405180830381855afa158015610959573d5f5f3e3d5ffd5b5050506040513d601f19601f8201168201806040525081019061097c9190610e73565b60408051610100808252610120820190925291925060208201818036833750505060208101829052935060025b60088111610a3f57600282841882866040516020016109ca93929190610f17565b60408051601f19818403018152908290526109e491610e68565b602060405180830381855afa1580156109ff573d5f5f3e3d5ffd5b5050506040513d601f19601f82011682018060405250810190610a229190610e73565b915081602082028601528080610a3790610f3c565b9150506109a9565b5050505092915050565b818101602081810151604092830151835192830184905260019383019390935260306060808401919091526080830182905260a08301849052600160f81b60c08401526f1a0111ea397fe69a4b1ba7b6434bacd760801b60c18401527f64774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab60d18401529290915f9060f10160408051601f1981840301815291905290505f610af36005836030610b3e565b604051909150610b09905f908390602001610f54565b60405160208183030381529060405294505050505092915050565b606061049b601184846040516020016107ef929190610e8a565b60605f5f856001600160a01b031685604051610b5a9190610e68565b5f60405180830381855afa9150503d805f8114610b92576040519150601f19603f3d011682016040523d82523d5f602084013e610b97565b606091505b5091509150811580610baa575083815114155b15610bd3576040516375c6821d60e11b81526001600160a01b0387166004820152602401610070565b95945050505050565b634e487b7160e01b5f52604160045260245ffd5b5f82601f830112610bff575f5ffd5b81516001600160401b03811115610c1857610c18610bdc565b604051601f8201601f19908116603f011681016001600160401b0381118282101715610c4657610c46610bdc565b604052818152838201602001851015610c5d575f5ffd5b8160208501602083015e5f918101602001919091529392505050565b5f5f60408385031215610c8a575f5ffd5b82516001600160401b03811115610c9f575f5ffd5b610cab85828601610bf0565b602085015190935090506001600160401b03811115610cc8575f5ffd5b610cd485828601610bf0565b9150509250929050565b634e487b7160e01b5f52601260045260245ffd5b634e487b7160e01b5f52601160045260245ffd5b5f82610d1457610d14610cde565b500490565b808202811582820484141761049e5761049e610cf2565b8082018082111561049e5761049e610cf2565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f61049b6020830184610d43565b5f82610d9157610d91610cde565b500690565b5f6001600160401b0382166002600160401b03198101610db857610db8610cf2565b60010192915050565b8381526001600160401b03831660208201526060604082018190525f90610bd390830184610d43565b5f81518060208401855e5f93019283525090919050565b6001600160f81b0319831681525f610e1c6001830184610dea565b949350505050565b5f610e38610e32838b610dea565b89610dea565b878152866020820152856040820152846060820152610e5a6080820185610dea565b9a9950505050505050505050565b5f61049b8284610dea565b5f60208284031215610e83575f5ffd5b5051919050565b5f610e1c610e988386610dea565b84610dea565b5f610ea98285610dea565b60f89390931b6001600160f81b03191683525050600101919050565b5f610ed9610ed38389610dea565b87610dea565b60f086901b6001600160f01b031916815260f885901b6001600160f81b0319166002820152610f0b6003820185610dea565b98975050505050505050565b83815260f883901b6001600160f81b03191660208201525f610bd36021830184610dea565b5f60018201610f4d57610f4d610cf2565b5060010190565b6001600160801b0319831681525f610e1c6010830184610dea565b61161280610f7c5f395ff3fe608060405234801561000f575f5ffd5b50600436106100a6575f3560e01c806375ce011d1161006e57806375ce011d146101495780637869a72f1461015c578063da7cb51314610165578063ee90c99f1461017e578063f1ca662e146101a9578063f3bcd589146101bc575f5ffd5b8063087e926c146100aa5780634344c685146100d95780634cdb1eba146100ee578063502fa9fe146101045780635524d54814610117575b5f5ffd5b5f546100bc906001600160401b031681565b6040516001600160401b0390911681526020015b60405180910390f35b6100ec6100e73660046110fb565b6101e3565b005b6100f6608081565b6040519081526020016100d0565b6100f6610112366004611196565b61042e565b6101396101253660046111c0565b60026020525f908152604090205460ff1681565b60405190151581526020016100d0565b6100ec6101573660046111d7565b6104ab565b6100f660015481565b5f546100bc90600160401b90046001600160401b031681565b5f5461019490600160801b900463ffffffff1681565b60405163ffffffff90911681526020016100d0565b6100ec6101b7366004611241565b610522565b6100f67fc23201365f55698a6b2cd63db0cfe2a274105f8d8363e8a31dc4e07ad5347b2b81565b5f86866040516101f49291906112f7565b60405180910390209050600154811461023757600154604051631fa3da2760e31b815261022e918391600401918252602082015260400190565b60405180910390fd5b5f61024360808861132e565b905061010081108015610257575085811c15155b15610278576040516310174f0b60e01b81526004810187905260240161022e565b60605f805b8381101561032b57600189821c1615610323575f8b8b61029e608085611341565b9060806102ac866001611358565b6102b69190611341565b926102c39392919061136b565b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f92019190915250929350508415915061031090505761030b84826105f2565b610312565b805b93508261031e81611392565b935050505b60010161027d565b50610337836002611341565b610342826003611341565b1161036a576040516378a0045960e01b8152600481018290526024810184905260440161022e565b61037382610629565b156103915760405163236accf160e21b815260040160405180910390fd5b61040582886040516020016103a891815260200190565b60408051601f198184030181526020601f8b0181900481028401810190925289835291908a908a90819084018382808284375f92019190915250506040805160608101909152602b80825290925090506115e76020830139610683565b61042257604051635cd5d23360e01b815260040160405180910390fd5b50505050505050505050565b600154604080517fc23201365f55698a6b2cd63db0cfe2a274105f8d8363e8a31dc4e07ad5347b2b60208201524691810191909152306060820152608081019190915260a081018390526001600160401b03821660c08201525f9060e0016040516020818303038152906040528051906020012090505b92915050565b61051c84848080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525050604080516020601f880181900481028201810190925286815292508691508590819084018382808284375f9201919091525061081b92505050565b50505050565b5f546001600160401b03600160401b909104811690871611610575575f54604051631c442db760e31b81526001600160401b038881166004830152600160401b909204909116602482015260440161022e565b5f61059789896040516105899291906112f7565b60405180910390208861042e565b90506105a78686868487876101e3565b6105e789898080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152508b9250610907915050565b505050505050505050565b6060610622600b848460405160200161060c9291906113c1565b6040516020818303038152906040526080610aec565b9392505050565b5f608082511461065157815160405163236dcf9b60e21b815260040161022e91815260200190565b5f805b608081101561067b57602081850181015192909217916106749082611358565b9050610654565b501592915050565b5f60808551146106ab57845160405163236dcf9b60e21b815260040161022e91815260200190565b6101008351146106d357825160405163236dcf9b60e21b815260040161022e91815260200190565b5f856106df8685610b8a565b6f17f1d3a73197d7942695638c4fa9ac0f7fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb6f114d1d6855d545a8aa7d76c8cf2e21f27f67816aef1db507c96655b9d5caac42364e6f38ba0ecb751bad54dcd6b939c2ca8960405160200161075a97969594939291906113dd565b60405160208183030381529060405290505f5f600f6001600160a01b0316836040516107869190611421565b5f60405180830381855afa9150503d805f81146107be576040519150601f19603f3d011682016040523d82523d5f602084013e6107c3565b606091505b50915091508115806107d757508051602014155b156107f8576040516375c6821d60e11b8152600f600482015260240161022e565b8080602001905181019061080c919061142c565b60011498975050505050505050565b6080825114610842578151604051635289c4ed60e01b815260040161022e91815260200190565b61084b82610629565b156108695760405163013f4acd60e11b815260040160405180910390fd5b8151602083012061087a8383610c0e565b61089a57604051631ae3c37f60e21b81526004810182905260240161022e565b5f8181526002602052604090205460ff16610902575f8181526002602052604090819020805460ff191660011790555181907fd18a72a12b79cbd9e8e324490d40c0bdcf9c05a6f3aa5fb211071a02125f874f906108f9908690611471565b60405180910390a25b505050565b608082516109159190611483565b15610938578151604051635289c4ed60e01b815260040161022e91815260200190565b5f60808351610947919061132e565b90508015806109565750608081115b1561097757604051639f927d4d60e01b81526004810182905260240161022e565b5f805b828110156109fd576080602082820287018101919091205f818152600290925260409091205460ff166109c357604051632941fedd60e01b81526004810182905260240161022e565b5f821180156109d25750828111155b156109f357604051631854aba160e31b81526004810183905260240161022e565b915060010161097a565b508351602085012060015415610a4a575f80546001600160401b03169080610a2483611496565b91906101000a8154816001600160401b0302191690836001600160401b03160217905550505b60018190555f805473ffffffffffffffffffffffff00000000000000001916600160801b63ffffffff8616026fffffffffffffffff0000000000000000191617600160401b6001600160401b038781169190910291909117918290556040519116907f0dfc227250221d5ad0605aa8526896eaaefe8b3485a1337fa8b1e3bb64677af490610add90849088908a906114c0565b60405180910390a25050505050565b60605f5f856001600160a01b031685604051610b089190611421565b5f60405180830381855afa9150503d805f8114610b40576040519150601f19603f3d011682016040523d82523d5f602084013e610b45565b606091505b5091509150811580610b58575083815114155b15610b81576040516375c6821d60e11b81526001600160a01b038716600482015260240161022e565b95945050505050565b60605f610b978484610c3b565b90505f610bb7610ba7835f610e73565b610bb2846040610e73565b610f4d565b90505f610bd3610bc8846080610e73565b610bb28560c0610e73565b9050610c04600d8383604051602001610bed9291906113c1565b604051602081830303815290604052610100610aec565b9695505050505050565b5f61062283610c1c85610f67565b846040518060600160405280602b81526020016115bc602b9139610683565b606060ff82511115610c835760405162461bcd60e51b8152602060048201526011602482015270424c533a2064737420746f6f206c6f6e6760781b604482015260640161022e565b5f828351604051602001610c989291906114e7565b60408051808303601f1901815281835260608301825292505f916002916020820181803683375050604051610cdb9291508890610100905f90889060200161150e565b60408051601f1981840301815290829052610cf591611421565b602060405180830381855afa158015610d10573d5f5f3e3d5ffd5b5050506040513d601f19601f82011682018060405250810190610d33919061142c565b90505f600282600185604051602001610d4e93929190611560565b60408051601f1981840301815290829052610d6891611421565b602060405180830381855afa158015610d83573d5f5f3e3d5ffd5b5050506040513d601f19601f82011682018060405250810190610da6919061142c565b60408051610100808252610120820190925291925060208201818036833750505060208101829052935060025b60088111610e695760028284188286604051602001610df493929190611560565b60408051601f1981840301815290829052610e0e91611421565b602060405180830381855afa158015610e29573d5f5f3e3d5ffd5b5050506040513d601f19601f82011682018060405250810190610e4c919061142c565b915081602082028601528080610e6190611392565b915050610dd3565b5050505092915050565b818101602081810151604092830151835192830184905260019383019390935260306060808401919091526080830182905260a08301849052600160f81b60c08401526f1a0111ea397fe69a4b1ba7b6434bacd760801b60c18401527f64774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab60d18401529290915f9060f10160405160208183030381529060405290505f610f1c6005836030610aec565b604051909150610f32905f908390602001611585565b60405160208183030381529060405294505050505092915050565b606061062260118484604051602001610bed9291906113c1565b60606080825114610f9057815160405163236dcf9b60e21b815260040161022e91815260200190565b6020820151604083015160608401516080850151828417821781175f03610ffe5760408051602f80825260608201909252600360fe1b916020820181803683375050604051610fe4939291506020016115a0565b604051602081830303815290604052945050505050919050565b5f6f0d0088f51cbff34d258dd3db21a5d66b83118061105657506f0d0088f51cbff34d258dd3db21a5d66b8314801561105657507fb23ba5c279c2895fb39869507b587b120f55ffff58a9ffffdcff7fffffffd55582115b90505f81611065576080611068565b60a05b604051607882901b60ff60781b16881760801b6001600160801b03191660208201526030810187905260ff90911691506050016040516020818303038152906040529650505050505050919050565b5f5f83601f8401126110c7575f5ffd5b5081356001600160401b038111156110dd575f5ffd5b6020830191508360208285010111156110f4575f5ffd5b9250929050565b5f5f5f5f5f5f60808789031215611110575f5ffd5b86356001600160401b03811115611125575f5ffd5b61113189828a016110b7565b909750955050602087013593506040870135925060608701356001600160401b0381111561115d575f5ffd5b61116989828a016110b7565b979a9699509497509295939492505050565b80356001600160401b0381168114611191575f5ffd5b919050565b5f5f604083850312156111a7575f5ffd5b823591506111b76020840161117b565b90509250929050565b5f602082840312156111d0575f5ffd5b5035919050565b5f5f5f5f604085870312156111ea575f5ffd5b84356001600160401b038111156111ff575f5ffd5b61120b878288016110b7565b90955093505060208501356001600160401b03811115611229575f5ffd5b611235878288016110b7565b95989497509550505050565b5f5f5f5f5f5f5f5f60a0898b031215611258575f5ffd5b88356001600160401b0381111561126d575f5ffd5b6112798b828c016110b7565b909950975061128c905060208a0161117b565b955060408901356001600160401b038111156112a6575f5ffd5b6112b28b828c016110b7565b9096509450506060890135925060808901356001600160401b038111156112d7575f5ffd5b6112e38b828c016110b7565b999c989b5096995094979396929594505050565b818382375f9101908152919050565b634e487b7160e01b5f52601260045260245ffd5b634e487b7160e01b5f52601160045260245ffd5b5f8261133c5761133c611306565b500490565b80820281158282048414176104a5576104a561131a565b808201808211156104a5576104a561131a565b5f5f85851115611379575f5ffd5b83861115611385575f5ffd5b5050820193919092039150565b5f600182016113a3576113a361131a565b5060010190565b5f81518060208401855e5f93019283525090919050565b5f6113d56113cf83866113aa565b846113aa565b949350505050565b5f6113f16113eb838b6113aa565b896113aa565b87815286602082015285604082015284606082015261141360808201856113aa565b9a9950505050505050505050565b5f61062282846113aa565b5f6020828403121561143c575f5ffd5b5051919050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b602081525f6106226020830184611443565b5f8261149157611491611306565b500690565b5f6001600160401b0382166001600160401b0381036114b7576114b761131a565b60010192915050565b8381526001600160401b0383166020820152606060408201525f610b816060830184611443565b5f6114f282856113aa565b60f89390931b6001600160f81b03191683525050600101919050565b5f61152261151c83896113aa565b876113aa565b60f086901b6001600160f01b031916815260f885901b6001600160f81b031916600282015261155460038201856113aa565b98975050505050505050565b83815260f883901b6001600160f81b03191660208201525f610b8160218301846113aa565b6001600160801b0319831681525f6113d560108301846113aa565b6001600160f81b0319831681525f6113d560018301846113aa56fe424c535f504f505f424c53313233383147325f584d443a5348412d3235365f535357555f524f5f504f505f424c535f5349475f424c53313233383147325f584d443a5348412d3235365f535357555f524f5f504f505f424c535f504f505f424c53313233383147325f584d443a5348412d3235365f535357555f524f5f504f505f",
}

// SequencerSet is an auto generated Go binding around an Ethereum contract.
type SequencerSet struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *SequencerSet) GetABI() abi.ABI {
	return c.abi
}

// NewSequencerSet creates a new instance of SequencerSet.
func NewSequencerSet() *SequencerSet {
	parsed, err := SequencerSetMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &SequencerSet{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *SequencerSet) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(bytes genesisKeys, bytes genesisProofs) returns()
func (sequencerSet *SequencerSet) PackConstructor(genesisKeys []byte, genesisProofs []byte) []byte {
	enc, err := sequencerSet.abi.Pack("", genesisKeys, genesisProofs)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackMAXSETSIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4cdb1eba.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_SET_SIZE() view returns(uint256)
func (sequencerSet *SequencerSet) PackMAXSETSIZE() []byte {
	enc, err := sequencerSet.abi.Pack("MAX_SET_SIZE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXSETSIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4cdb1eba.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_SET_SIZE() view returns(uint256)
func (sequencerSet *SequencerSet) TryPackMAXSETSIZE() ([]byte, error) {
	return sequencerSet.abi.Pack("MAX_SET_SIZE")
}

// UnpackMAXSETSIZE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4cdb1eba.
//
// Solidity: function MAX_SET_SIZE() view returns(uint256)
func (sequencerSet *SequencerSet) UnpackMAXSETSIZE(data []byte) (*big.Int, error) {
	out, err := sequencerSet.abi.Unpack("MAX_SET_SIZE", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSETCHANGETAG is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf3bcd589.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function SET_CHANGE_TAG() view returns(bytes32)
func (sequencerSet *SequencerSet) PackSETCHANGETAG() []byte {
	enc, err := sequencerSet.abi.Pack("SET_CHANGE_TAG")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSETCHANGETAG is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf3bcd589.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function SET_CHANGE_TAG() view returns(bytes32)
func (sequencerSet *SequencerSet) TryPackSETCHANGETAG() ([]byte, error) {
	return sequencerSet.abi.Pack("SET_CHANGE_TAG")
}

// UnpackSETCHANGETAG is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf3bcd589.
//
// Solidity: function SET_CHANGE_TAG() view returns(bytes32)
func (sequencerSet *SequencerSet) UnpackSETCHANGETAG(data []byte) ([32]byte, error) {
	out, err := sequencerSet.abi.Unpack("SET_CHANGE_TAG", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackActivationHeight is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xda7cb513.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function activationHeight() view returns(uint64)
func (sequencerSet *SequencerSet) PackActivationHeight() []byte {
	enc, err := sequencerSet.abi.Pack("activationHeight")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackActivationHeight is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xda7cb513.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function activationHeight() view returns(uint64)
func (sequencerSet *SequencerSet) TryPackActivationHeight() ([]byte, error) {
	return sequencerSet.abi.Pack("activationHeight")
}

// UnpackActivationHeight is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xda7cb513.
//
// Solidity: function activationHeight() view returns(uint64)
func (sequencerSet *SequencerSet) UnpackActivationHeight(data []byte) (uint64, error) {
	out, err := sequencerSet.abi.Unpack("activationHeight", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackChangeDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x502fa9fe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function changeDigest(bytes32 newSetHash, uint64 newActivationHeight) view returns(bytes32)
func (sequencerSet *SequencerSet) PackChangeDigest(newSetHash [32]byte, newActivationHeight uint64) []byte {
	enc, err := sequencerSet.abi.Pack("changeDigest", newSetHash, newActivationHeight)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChangeDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x502fa9fe.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function changeDigest(bytes32 newSetHash, uint64 newActivationHeight) view returns(bytes32)
func (sequencerSet *SequencerSet) TryPackChangeDigest(newSetHash [32]byte, newActivationHeight uint64) ([]byte, error) {
	return sequencerSet.abi.Pack("changeDigest", newSetHash, newActivationHeight)
}

// UnpackChangeDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x502fa9fe.
//
// Solidity: function changeDigest(bytes32 newSetHash, uint64 newActivationHeight) view returns(bytes32)
func (sequencerSet *SequencerSet) UnpackChangeDigest(data []byte) ([32]byte, error) {
	out, err := sequencerSet.abi.Unpack("changeDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackChangeSet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf1ca662e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function changeSet(bytes newKeys, uint64 newActivationHeight, bytes currentKeys, uint256 signers, bytes signature) returns()
func (sequencerSet *SequencerSet) PackChangeSet(newKeys []byte, newActivationHeight uint64, currentKeys []byte, signers *big.Int, signature []byte) []byte {
	enc, err := sequencerSet.abi.Pack("changeSet", newKeys, newActivationHeight, currentKeys, signers, signature)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChangeSet is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf1ca662e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function changeSet(bytes newKeys, uint64 newActivationHeight, bytes currentKeys, uint256 signers, bytes signature) returns()
func (sequencerSet *SequencerSet) TryPackChangeSet(newKeys []byte, newActivationHeight uint64, currentKeys []byte, signers *big.Int, signature []byte) ([]byte, error) {
	return sequencerSet.abi.Pack("changeSet", newKeys, newActivationHeight, currentKeys, signers, signature)
}

// PackRegisterKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x75ce011d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registerKey(bytes publicKey, bytes proof) returns()
func (sequencerSet *SequencerSet) PackRegisterKey(publicKey []byte, proof []byte) []byte {
	enc, err := sequencerSet.abi.Pack("registerKey", publicKey, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegisterKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x75ce011d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registerKey(bytes publicKey, bytes proof) returns()
func (sequencerSet *SequencerSet) TryPackRegisterKey(publicKey []byte, proof []byte) ([]byte, error) {
	return sequencerSet.abi.Pack("registerKey", publicKey, proof)
}

// PackRegistered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5524d548.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registered(bytes32 ) view returns(bool)
func (sequencerSet *SequencerSet) PackRegistered(arg0 [32]byte) []byte {
	enc, err := sequencerSet.abi.Pack("registered", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegistered is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5524d548.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registered(bytes32 ) view returns(bool)
func (sequencerSet *SequencerSet) TryPackRegistered(arg0 [32]byte) ([]byte, error) {
	return sequencerSet.abi.Pack("registered", arg0)
}

// UnpackRegistered is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5524d548.
//
// Solidity: function registered(bytes32 ) view returns(bool)
func (sequencerSet *SequencerSet) UnpackRegistered(data []byte) (bool, error) {
	out, err := sequencerSet.abi.Unpack("registered", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackSetHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7869a72f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setHash() view returns(bytes32)
func (sequencerSet *SequencerSet) PackSetHash() []byte {
	enc, err := sequencerSet.abi.Pack("setHash")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7869a72f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setHash() view returns(bytes32)
func (sequencerSet *SequencerSet) TryPackSetHash() ([]byte, error) {
	return sequencerSet.abi.Pack("setHash")
}

// UnpackSetHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7869a72f.
//
// Solidity: function setHash() view returns(bytes32)
func (sequencerSet *SequencerSet) UnpackSetHash(data []byte) ([32]byte, error) {
	out, err := sequencerSet.abi.Unpack("setHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackSetId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x087e926c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setId() view returns(uint64)
func (sequencerSet *SequencerSet) PackSetId() []byte {
	enc, err := sequencerSet.abi.Pack("setId")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x087e926c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setId() view returns(uint64)
func (sequencerSet *SequencerSet) TryPackSetId() ([]byte, error) {
	return sequencerSet.abi.Pack("setId")
}

// UnpackSetId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x087e926c.
//
// Solidity: function setId() view returns(uint64)
func (sequencerSet *SequencerSet) UnpackSetId(data []byte) (uint64, error) {
	out, err := sequencerSet.abi.Unpack("setId", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackSetSize is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xee90c99f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setSize() view returns(uint32)
func (sequencerSet *SequencerSet) PackSetSize() []byte {
	enc, err := sequencerSet.abi.Pack("setSize")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetSize is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xee90c99f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setSize() view returns(uint32)
func (sequencerSet *SequencerSet) TryPackSetSize() ([]byte, error) {
	return sequencerSet.abi.Pack("setSize")
}

// UnpackSetSize is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xee90c99f.
//
// Solidity: function setSize() view returns(uint32)
func (sequencerSet *SequencerSet) UnpackSetSize(data []byte) (uint32, error) {
	out, err := sequencerSet.abi.Unpack("setSize", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackVerifyQuorum is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4344c685.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verifyQuorum(bytes keys, uint256 signers, bytes32 digest, bytes signature) view returns()
func (sequencerSet *SequencerSet) PackVerifyQuorum(keys []byte, signers *big.Int, digest [32]byte, signature []byte) []byte {
	enc, err := sequencerSet.abi.Pack("verifyQuorum", keys, signers, digest, signature)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerifyQuorum is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4344c685.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verifyQuorum(bytes keys, uint256 signers, bytes32 digest, bytes signature) view returns()
func (sequencerSet *SequencerSet) TryPackVerifyQuorum(keys []byte, signers *big.Int, digest [32]byte, signature []byte) ([]byte, error) {
	return sequencerSet.abi.Pack("verifyQuorum", keys, signers, digest, signature)
}

// SequencerSetKeyRegistered represents a KeyRegistered event raised by the SequencerSet contract.
type SequencerSetKeyRegistered struct {
	KeyHash   [32]byte
	PublicKey []byte
	Raw       *types.Log // Blockchain specific contextual infos
}

const SequencerSetKeyRegisteredEventName = "KeyRegistered"

// ContractEventName returns the user-defined event name.
func (SequencerSetKeyRegistered) ContractEventName() string {
	return SequencerSetKeyRegisteredEventName
}

// UnpackKeyRegisteredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event KeyRegistered(bytes32 indexed keyHash, bytes publicKey)
func (sequencerSet *SequencerSet) UnpackKeyRegisteredEvent(log *types.Log) (*SequencerSetKeyRegistered, error) {
	event := "KeyRegistered"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != sequencerSet.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SequencerSetKeyRegistered)
	if len(log.Data) > 0 {
		if err := sequencerSet.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range sequencerSet.abi.Events[event].Inputs {
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

// SequencerSetSetChanged represents a SetChanged event raised by the SequencerSet contract.
type SequencerSetSetChanged struct {
	SetId            uint64
	SetHash          [32]byte
	ActivationHeight uint64
	PublicKeys       []byte
	Raw              *types.Log // Blockchain specific contextual infos
}

const SequencerSetSetChangedEventName = "SetChanged"

// ContractEventName returns the user-defined event name.
func (SequencerSetSetChanged) ContractEventName() string {
	return SequencerSetSetChangedEventName
}

// UnpackSetChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event SetChanged(uint64 indexed setId, bytes32 setHash, uint64 activationHeight, bytes publicKeys)
func (sequencerSet *SequencerSet) UnpackSetChangedEvent(log *types.Log) (*SequencerSetSetChanged, error) {
	event := "SetChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != sequencerSet.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(SequencerSetSetChanged)
	if len(log.Data) > 0 {
		if err := sequencerSet.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range sequencerSet.abi.Events[event].Inputs {
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
func (sequencerSet *SequencerSet) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["AggregateKeyAtInfinity"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackAggregateKeyAtInfinityError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["BadKeysLength"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackBadKeysLengthError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["BadPointLength"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackBadPointLengthError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["BadProofOfPossession"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackBadProofOfPossessionError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["BadSignature"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackBadSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["BadSignerBitmap"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackBadSignerBitmapError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["BelowQuorum"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackBelowQuorumError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["KeyAtInfinity"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackKeyAtInfinityError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["KeyNotRegistered"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackKeyNotRegisteredError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["KeysNotSorted"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackKeysNotSortedError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["PrecompileFailed"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackPrecompileFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["SetMismatch"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackSetMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["SetSizeOutOfRange"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackSetSizeOutOfRangeError(raw[4:])
	}
	if bytes.Equal(raw[:4], sequencerSet.abi.Errors["StaleActivationHeight"].ID.Bytes()[:4]) {
		return sequencerSet.UnpackStaleActivationHeightError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// SequencerSetAggregateKeyAtInfinity represents a AggregateKeyAtInfinity error raised by the SequencerSet contract.
type SequencerSetAggregateKeyAtInfinity struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AggregateKeyAtInfinity()
func SequencerSetAggregateKeyAtInfinityErrorID() common.Hash {
	return common.HexToHash("0x8dab33c4c9f91973a62ff7f256963bd333595b41a4860d50b1bba87e389063c4")
}

// UnpackAggregateKeyAtInfinityError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AggregateKeyAtInfinity()
func (sequencerSet *SequencerSet) UnpackAggregateKeyAtInfinityError(raw []byte) (*SequencerSetAggregateKeyAtInfinity, error) {
	out := new(SequencerSetAggregateKeyAtInfinity)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "AggregateKeyAtInfinity", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerSetBadKeysLength represents a BadKeysLength error raised by the SequencerSet contract.
type SequencerSetBadKeysLength struct {
	Length *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadKeysLength(uint256 length)
func SequencerSetBadKeysLengthErrorID() common.Hash {
	return common.HexToHash("0x5289c4ed3fd67d5160824f0d6a2f56cb706e0c906c2304286d5f737fa33bb127")
}

// UnpackBadKeysLengthError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadKeysLength(uint256 length)
func (sequencerSet *SequencerSet) UnpackBadKeysLengthError(raw []byte) (*SequencerSetBadKeysLength, error) {
	out := new(SequencerSetBadKeysLength)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "BadKeysLength", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerSetBadPointLength represents a BadPointLength error raised by the SequencerSet contract.
type SequencerSetBadPointLength struct {
	Length *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadPointLength(uint256 length)
func SequencerSetBadPointLengthErrorID() common.Hash {
	return common.HexToHash("0x8db73e6cfda938e5f35714c8b823002efa5c23557703c18d7d7bad2a8070a394")
}

// UnpackBadPointLengthError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadPointLength(uint256 length)
func (sequencerSet *SequencerSet) UnpackBadPointLengthError(raw []byte) (*SequencerSetBadPointLength, error) {
	out := new(SequencerSetBadPointLength)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "BadPointLength", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerSetBadProofOfPossession represents a BadProofOfPossession error raised by the SequencerSet contract.
type SequencerSetBadProofOfPossession struct {
	KeyHash [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadProofOfPossession(bytes32 keyHash)
func SequencerSetBadProofOfPossessionErrorID() common.Hash {
	return common.HexToHash("0x6b8f0dfc0bfbdb6c558ef8ffd06fb1ae577121b59168bc891cd7a0bbfd8785cb")
}

// UnpackBadProofOfPossessionError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadProofOfPossession(bytes32 keyHash)
func (sequencerSet *SequencerSet) UnpackBadProofOfPossessionError(raw []byte) (*SequencerSetBadProofOfPossession, error) {
	out := new(SequencerSetBadProofOfPossession)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "BadProofOfPossession", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerSetBadSignature represents a BadSignature error raised by the SequencerSet contract.
type SequencerSetBadSignature struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadSignature()
func SequencerSetBadSignatureErrorID() common.Hash {
	return common.HexToHash("0x5cd5d2335541c4f2ed05fbe44f397e8b79f8e2333157122d2dab06e378ef7685")
}

// UnpackBadSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadSignature()
func (sequencerSet *SequencerSet) UnpackBadSignatureError(raw []byte) (*SequencerSetBadSignature, error) {
	out := new(SequencerSetBadSignature)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "BadSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerSetBadSignerBitmap represents a BadSignerBitmap error raised by the SequencerSet contract.
type SequencerSetBadSignerBitmap struct {
	Bitmap *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadSignerBitmap(uint256 bitmap)
func SequencerSetBadSignerBitmapErrorID() common.Hash {
	return common.HexToHash("0x10174f0b157a67a0d29bc966d89c3c8ac4bc1c34e6008ce1fceb3acb85bc63ff")
}

// UnpackBadSignerBitmapError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadSignerBitmap(uint256 bitmap)
func (sequencerSet *SequencerSet) UnpackBadSignerBitmapError(raw []byte) (*SequencerSetBadSignerBitmap, error) {
	out := new(SequencerSetBadSignerBitmap)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "BadSignerBitmap", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerSetBelowQuorum represents a BelowQuorum error raised by the SequencerSet contract.
type SequencerSetBelowQuorum struct {
	Signers *big.Int
	SetSize *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BelowQuorum(uint256 signers, uint256 setSize)
func SequencerSetBelowQuorumErrorID() common.Hash {
	return common.HexToHash("0x78a00459fc2ff11a04f2f9a3520e9b3740a69af9d1d1686717a390f003174373")
}

// UnpackBelowQuorumError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BelowQuorum(uint256 signers, uint256 setSize)
func (sequencerSet *SequencerSet) UnpackBelowQuorumError(raw []byte) (*SequencerSetBelowQuorum, error) {
	out := new(SequencerSetBelowQuorum)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "BelowQuorum", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerSetKeyAtInfinity represents a KeyAtInfinity error raised by the SequencerSet contract.
type SequencerSetKeyAtInfinity struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error KeyAtInfinity()
func SequencerSetKeyAtInfinityErrorID() common.Hash {
	return common.HexToHash("0x027e959a8d21ac06a4fbd6fb281a4c936903fc88e35986628276f9b36f7148e0")
}

// UnpackKeyAtInfinityError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error KeyAtInfinity()
func (sequencerSet *SequencerSet) UnpackKeyAtInfinityError(raw []byte) (*SequencerSetKeyAtInfinity, error) {
	out := new(SequencerSetKeyAtInfinity)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "KeyAtInfinity", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerSetKeyNotRegistered represents a KeyNotRegistered error raised by the SequencerSet contract.
type SequencerSetKeyNotRegistered struct {
	KeyHash [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error KeyNotRegistered(bytes32 keyHash)
func SequencerSetKeyNotRegisteredErrorID() common.Hash {
	return common.HexToHash("0x2941feddd0859f309a080572b3e78e667e1ae0b8485104bb9fb83ec645eee20f")
}

// UnpackKeyNotRegisteredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error KeyNotRegistered(bytes32 keyHash)
func (sequencerSet *SequencerSet) UnpackKeyNotRegisteredError(raw []byte) (*SequencerSetKeyNotRegistered, error) {
	out := new(SequencerSetKeyNotRegistered)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "KeyNotRegistered", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerSetKeysNotSorted represents a KeysNotSorted error raised by the SequencerSet contract.
type SequencerSetKeysNotSorted struct {
	Position *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error KeysNotSorted(uint256 position)
func SequencerSetKeysNotSortedErrorID() common.Hash {
	return common.HexToHash("0xc2a55d08b1501d466463951c19d0baf9fed5a888c1db3bb7713e8ec39a307528")
}

// UnpackKeysNotSortedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error KeysNotSorted(uint256 position)
func (sequencerSet *SequencerSet) UnpackKeysNotSortedError(raw []byte) (*SequencerSetKeysNotSorted, error) {
	out := new(SequencerSetKeysNotSorted)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "KeysNotSorted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerSetPrecompileFailed represents a PrecompileFailed error raised by the SequencerSet contract.
type SequencerSetPrecompileFailed struct {
	Precompile common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PrecompileFailed(address precompile)
func SequencerSetPrecompileFailedErrorID() common.Hash {
	return common.HexToHash("0xeb8d043ad9930b483be478f76fc57acdc905a2680c78dd9d6c7c2b2029709f6b")
}

// UnpackPrecompileFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PrecompileFailed(address precompile)
func (sequencerSet *SequencerSet) UnpackPrecompileFailedError(raw []byte) (*SequencerSetPrecompileFailed, error) {
	out := new(SequencerSetPrecompileFailed)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "PrecompileFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerSetSetMismatch represents a SetMismatch error raised by the SequencerSet contract.
type SequencerSetSetMismatch struct {
	Given   [32]byte
	Current [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SetMismatch(bytes32 given, bytes32 current)
func SequencerSetSetMismatchErrorID() common.Hash {
	return common.HexToHash("0xfd1ed138cfcab8203908fd586417afdb0b6b37423f4ee42170e486c4b37f8acb")
}

// UnpackSetMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SetMismatch(bytes32 given, bytes32 current)
func (sequencerSet *SequencerSet) UnpackSetMismatchError(raw []byte) (*SequencerSetSetMismatch, error) {
	out := new(SequencerSetSetMismatch)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "SetMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerSetSetSizeOutOfRange represents a SetSizeOutOfRange error raised by the SequencerSet contract.
type SequencerSetSetSizeOutOfRange struct {
	Size *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SetSizeOutOfRange(uint256 size)
func SequencerSetSetSizeOutOfRangeErrorID() common.Hash {
	return common.HexToHash("0x9f927d4d7d9434bcd087338615d2013a01cf09e78a6db47cc2ea3d912a616cb8")
}

// UnpackSetSizeOutOfRangeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SetSizeOutOfRange(uint256 size)
func (sequencerSet *SequencerSet) UnpackSetSizeOutOfRangeError(raw []byte) (*SequencerSetSetSizeOutOfRange, error) {
	out := new(SequencerSetSetSizeOutOfRange)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "SetSizeOutOfRange", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// SequencerSetStaleActivationHeight represents a StaleActivationHeight error raised by the SequencerSet contract.
type SequencerSetStaleActivationHeight struct {
	Given   uint64
	Current uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StaleActivationHeight(uint64 given, uint64 current)
func SequencerSetStaleActivationHeightErrorID() common.Hash {
	return common.HexToHash("0xe2216db8c98c6aec2ebe13fe6d2bfc79684010e9de41bfd661db53025e087d21")
}

// UnpackStaleActivationHeightError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StaleActivationHeight(uint64 given, uint64 current)
func (sequencerSet *SequencerSet) UnpackStaleActivationHeightError(raw []byte) (*SequencerSetStaleActivationHeight, error) {
	out := new(SequencerSetStaleActivationHeight)
	if err := sequencerSet.abi.UnpackIntoInterface(out, "StaleActivationHeight", raw); err != nil {
		return nil, err
	}
	return out, nil
}
