// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;

/// @notice What OutputOracle needs from the batch inbox.
interface IBatchChain {
    function lastL2Block() external view returns (uint64);
}

/// @title OutputOracle: bonded L2 output roots, final after a challenge window.
/// @notice outputRoot = keccak256(version ‖ stateRoot ‖ blockHash ‖ withdrawalsRoot), version 0. Outputs are
/// proposed in increasing L2 block order for blocks already covered by posted batches, each with a bond of
/// exactly `bond` wei. An output is final `challengeWindow` seconds after it was proposed; its bond can then be
/// returned to its proposer. Until then the challenger (the dispute game, when it exists) can invalidate it
/// together with every later output; their bonds are credited to the challenger.
contract OutputOracle {
    /// @notice Version of the output-root preimage.
    bytes32 public constant OUTPUT_VERSION = bytes32(0);

    /// @notice One proposed output.
    struct Output {
        bytes32 outputRoot;
        address proposer;
        uint48 l2Block;
        uint40 timestamp;
        bool bondReturned;
    }

    /// @notice The batch chain bounding which L2 blocks can have outputs.
    IBatchChain public immutable batchInbox;
    /// @notice The only address that can invalidate outputs.
    address public immutable challenger;
    /// @notice The bond of each output, in wei.
    uint256 public immutable bond;
    /// @notice Seconds after its proposal at which an output is final.
    uint64 public immutable challengeWindow;

    /// @notice Number of live (not invalidated) outputs; indices [0, outputCount).
    uint256 public outputCount;
    /// @notice Wei the holder can withdraw (slashed bonds credited to the challenger).
    mapping(address => uint256) public credit;
    mapping(uint256 => Output) private _outputs;

    /// @notice An output was proposed.
    event OutputProposed(uint256 indexed index, bytes32 outputRoot, uint64 l2Block, address proposer, uint64 timestamp);
    /// @notice Outputs [fromIndex, toIndex) were invalidated.
    event OutputsInvalidated(uint256 fromIndex, uint256 toIndex, uint256 slashed);
    /// @notice The bond of output `index` was returned to its proposer.
    event BondReturned(uint256 indexed index, address proposer, uint256 amount);

    error WrongBond(uint256 sent, uint256 required);
    error BlockNotIncreasing(uint64 l2Block, uint64 previous);
    error BlockNotBatched(uint64 l2Block, uint64 lastBatched);
    error BlockOutOfRange(uint64 l2Block);
    error UnknownOutput(uint256 index);
    error NotFinalized(uint256 index);
    error AlreadyFinalized(uint256 index);
    error BondAlreadyReturned(uint256 index);
    error NotChallenger(address caller);
    error TransferFailed();

    constructor(IBatchChain inbox, address challenger_, uint256 bond_, uint64 challengeWindow_) {
        batchInbox = inbox;
        challenger = challenger_;
        bond = bond_;
        challengeWindow = challengeWindow_;
    }

    /// @notice The output root of its components.
    function computeOutputRoot(bytes32 stateRoot, bytes32 blockHash, bytes32 withdrawalsRoot)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encodePacked(OUTPUT_VERSION, stateRoot, blockHash, withdrawalsRoot));
    }

    /// @notice Proposes the output of L2 block `l2Block` with a bond of exactly `bond` wei.
    function propose(uint64 l2Block, bytes32 stateRoot, bytes32 blockHash, bytes32 withdrawalsRoot)
        external
        payable
        returns (uint256 index)
    {
        if (msg.value != bond) revert WrongBond(msg.value, bond);
        if (l2Block > type(uint48).max) revert BlockOutOfRange(l2Block);
        index = outputCount;
        if (index > 0 && l2Block <= _outputs[index - 1].l2Block) {
            revert BlockNotIncreasing(l2Block, _outputs[index - 1].l2Block);
        }
        uint64 batched = batchInbox.lastL2Block();
        if (l2Block > batched) revert BlockNotBatched(l2Block, batched);
        bytes32 root = computeOutputRoot(stateRoot, blockHash, withdrawalsRoot);
        _outputs[index] = Output(root, msg.sender, uint48(l2Block), uint40(block.timestamp), false);
        outputCount = index + 1;
        emit OutputProposed(index, root, l2Block, msg.sender, uint64(block.timestamp));
    }

    /// @notice Output `index`; reverts if it does not exist (or was invalidated).
    function getOutput(uint256 index) external view returns (Output memory) {
        if (index >= outputCount) revert UnknownOutput(index);
        return _outputs[index];
    }

    /// @notice Whether output `index` exists and its challenge window has passed.
    function isFinalized(uint256 index) public view returns (bool) {
        if (index >= outputCount) return false;
        return block.timestamp >= uint256(_outputs[index].timestamp) + challengeWindow;
    }

    /// @notice Number of finalized outputs: outputs [0, n) are final (finality is monotonic in the index).
    function finalizedCount() external view returns (uint256) {
        uint256 lo = 0;
        uint256 hi = outputCount;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (isFinalized(mid)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// @notice Returns the bond of finalized output `index` to its proposer.
    function returnBond(uint256 index) external {
        if (index >= outputCount) revert UnknownOutput(index);
        if (!isFinalized(index)) revert NotFinalized(index);
        Output storage o = _outputs[index];
        if (o.bondReturned) revert BondAlreadyReturned(index);
        o.bondReturned = true;
        emit BondReturned(index, o.proposer, bond);
        (bool ok,) = o.proposer.call{value: bond}("");
        if (!ok) revert TransferFailed();
    }

    /// @notice The dispute hook: invalidates output `index` and every later one, crediting their bonds to the
    /// challenger. Only outputs still inside their challenge window can be invalidated.
    function invalidateFrom(uint256 index) external {
        if (msg.sender != challenger) revert NotChallenger(msg.sender);
        if (index >= outputCount) revert UnknownOutput(index);
        if (isFinalized(index)) revert AlreadyFinalized(index);
        uint256 count = outputCount;
        uint256 slashed = bond * (count - index);
        outputCount = index;
        credit[challenger] += slashed;
        emit OutputsInvalidated(index, count, slashed);
    }

    /// @notice Withdraws the caller's credit.
    function withdrawCredit() external {
        uint256 amount = credit[msg.sender];
        credit[msg.sender] = 0;
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert TransferFailed();
    }
}
