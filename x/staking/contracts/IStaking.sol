// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.30;

/// @title IStaking: the staking system contract at 0x0000000000000000000000000000000000000800.
/// @notice Calls escrow value and queue a request; the chain applies the queue at the end of the block and
/// emits the outcome events (or RequestRejected, refunding the value) in the block's system receipt.
interface IStaking {
    struct Validator { address operator; bytes consensusPubKey; bytes blsPubKey; uint256 tokens; uint256 shares;
        uint16 commissionBps; bool active; bool jailed; bool tombstoned; string moniker; }
    struct Unbonding { address validator; uint256 amount; uint64 completionTime; }
    // consensusPubKey: 32-byte ed25519; blsPubKey: 48-byte compressed G1 (BLS12-381, min-pk);
    // blsPop: 96-byte proof of possession over blsPubKey; dkgPubKey: 33-byte compressed secp256k1.
    function createValidator(bytes calldata consensusPubKey, bytes calldata blsPubKey, bytes calldata blsPop,
        bytes calldata dkgPubKey, uint16 commissionBps, string calldata moniker) external payable;
    function delegate(address validator) external payable;
    function undelegate(address validator, uint256 amount) external;
    function redelegate(address src, address dst, uint256 amount) external;
    function withdrawRewards(address validator) external;
    function editValidator(uint16 commissionBps, string calldata moniker) external;
    function unjail() external;
    function validators() external view returns (Validator[] memory);           // the active set, in order
    function validator(address operator) external view returns (Validator memory);
    function delegation(address delegator, address validator) external view returns (uint256 amount);
    function pendingRewards(address delegator, address validator) external view returns (uint256);
    function unbondings(address delegator) external view returns (Unbonding[] memory);
    event ValidatorCreated(address indexed operator, bytes consensusPubKey, uint256 selfBond);
    event Delegated(address indexed delegator, address indexed validator, uint256 amount);
    event Undelegated(address indexed delegator, address indexed validator, uint256 amount, uint64 completionTime);
    event Redelegated(address indexed delegator, address indexed src, address indexed dst, uint256 amount);
    event RewardsWithdrawn(address indexed delegator, address indexed validator, uint256 amount);
    event Slashed(address indexed validator, uint256 amount, uint8 reason); // 1 double-sign, 2 downtime, 3 withheld shares
    event Jailed(address indexed validator); event Unjailed(address indexed validator);
    event RequestRejected(address indexed sender, bytes4 selector, string reason);
}
