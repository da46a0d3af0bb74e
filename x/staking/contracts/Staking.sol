// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.30;

import "./IStaking.sol";

/// @title Staking: the staking system contract, placed in genesis at 0x…0800.
/// @notice State-changing calls check their arguments, escrow msg.value and append the call to a request queue;
/// the chain's staking module drains the queue at the end of every block, applies the requests and writes back
/// the records below (x/staking/keeper/layout.go mirrors this storage layout slot by slot; do not reorder).
contract Staking is IStaking {
    struct Request { address sender; uint64 id; uint256 value; bytes data; }
    struct Delegation { uint256 shares; uint256 ratio; }
    struct Entry { address delegator; uint64 completionTime; address validator; uint64 creationHeight; uint256 amount; }
    // missed: blocks missed in the sliding window; signedIndex: blocks counted (the bit of the next one is
    // signedIndex % window in missedBlocks); window: the downtime_window the bits were recorded under.
    struct ValState { uint256 jailedUntil; uint256 missed; uint64 signedIndex; uint64 window; bytes dkgPubKey; }
    // Tokens a validator had at the start of the block at height (recorded at its first change in that block).
    struct StakeRecord { uint64 height; uint64 time; uint256 tokensBefore; }
    struct StakeHistory { uint256 head; StakeRecord[] records; }
    struct Redelegation { address delegator; uint64 completionTime; address src; uint64 creationHeight;
        address dst; uint256 shares; }

    uint256 internal constant RATIO_SCALE = 1e27;
    uint256 internal constant MAX_QUEUE = 256;
    uint256 internal constant MAX_MONIKER = 64;

    Request[] internal queue;                                            // slot 0
    address[] internal activeSet;                                        // slot 1
    mapping(address => Validator) internal vals;                         // slot 2
    mapping(address => mapping(address => Delegation)) internal dels;    // slot 3 (delegator => validator)
    mapping(address => uint256) internal rewardRatio;                    // slot 4
    Entry[] internal unbondingQueue;                                     // slot 5
    uint256 internal unbondingHead;                                      // slot 6
    mapping(address => uint256) internal commission;                     // slot 7
    address[] internal allValidators;                                    // slot 8
    address[] internal nextSet;                                          // slot 9
    mapping(bytes20 => address) internal byConsAddr;                     // slot 10
    mapping(address => ValState) internal valState;                      // slot 11
    mapping(address => address[]) internal delegatedTo;                  // slot 12
    uint256[12] internal params;                                         // slots 13..24
    uint256[6] internal totals;                                          // slots 25..30
    Redelegation[] internal redelegations;                               // slot 31
    uint256 internal redelegationHead;                                   // slot 32
    mapping(address => mapping(uint256 => uint256)) internal missedBlocks; // slot 33 (validator => word => bits)
    mapping(address => StakeHistory) internal stakeHistory;              // slot 34 (pruned past unbonding_time)

    function createValidator(bytes calldata consensusPubKey, bytes calldata blsPubKey, bytes calldata blsPop,
        bytes calldata dkgPubKey, uint16 commissionBps, string calldata moniker) external payable {
        require(consensusPubKey.length == 32, "staking: consensus key must be 32 bytes");
        require(blsPubKey.length == 48, "staking: BLS key must be 48 bytes");
        require(blsPop.length == 96, "staking: BLS proof must be 96 bytes");
        require(dkgPubKey.length == 33, "staking: DKG key must be 33 bytes");
        require(commissionBps <= 10000, "staking: commission above 100%");
        require(bytes(moniker).length <= MAX_MONIKER, "staking: moniker too long");
        require(msg.value > 0, "staking: self-bond required");
        _enqueue();
    }

    function delegate(address validator_) external payable {
        require(validator_ != address(0), "staking: zero validator");
        require(msg.value > 0, "staking: zero amount");
        _enqueue();
    }

    function undelegate(address validator_, uint256 amount) external {
        require(amount > 0, "staking: zero amount");
        validator_;
        _enqueue();
    }

    function redelegate(address src, address dst, uint256 amount) external {
        require(src != dst, "staking: same validator");
        require(amount > 0, "staking: zero amount");
        _enqueue();
    }

    function withdrawRewards(address validator_) external {
        validator_;
        _enqueue();
    }

    function editValidator(uint16 commissionBps, string calldata moniker) external {
        require(commissionBps <= 10000, "staking: commission above 100%");
        require(bytes(moniker).length <= MAX_MONIKER, "staking: moniker too long");
        _enqueue();
    }

    function unjail() external {
        _enqueue();
    }

    function validators() external view returns (Validator[] memory out) {
        out = new Validator[](activeSet.length);
        for (uint256 i = 0; i < out.length; i++) {
            out[i] = vals[activeSet[i]];
        }
    }

    function validator(address operator) external view returns (Validator memory) {
        return vals[operator];
    }

    function delegation(address delegator, address validator_) public view returns (uint256 amount) {
        Validator storage v = vals[validator_];
        if (v.shares == 0) return 0;
        return dels[delegator][validator_].shares * v.tokens / v.shares;
    }

    function pendingRewards(address delegator, address validator_) external view returns (uint256 amount) {
        Delegation storage d = dels[delegator][validator_];
        amount = d.shares * (rewardRatio[validator_] - d.ratio) / RATIO_SCALE;
        if (delegator == validator_) amount += commission[validator_];
    }

    function unbondings(address delegator) external view returns (Unbonding[] memory out) {
        uint256 n = 0;
        for (uint256 i = unbondingHead; i < unbondingQueue.length; i++) {
            if (unbondingQueue[i].delegator == delegator) n++;
        }
        out = new Unbonding[](n);
        n = 0;
        for (uint256 i = unbondingHead; i < unbondingQueue.length; i++) {
            Entry storage e = unbondingQueue[i];
            if (e.delegator == delegator) out[n++] = Unbonding(e.validator, e.amount, e.completionTime);
        }
    }

    function _enqueue() internal {
        require(queue.length < MAX_QUEUE, "staking: request queue full, retry next block");
        queue.push(Request(msg.sender, 0, msg.value, msg.data));
    }
}
