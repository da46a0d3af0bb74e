// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;

/// @notice What BatchInbox needs from the sequencer set.
interface ISequencerQuorum {
    function setHash() external view returns (bytes32);
    function verifyQuorum(bytes calldata keys, uint256 signers, bytes32 digest, bytes calldata signature)
        external
        view;
}

/// @title BatchInbox: the chain of L2 batches posted to L1.
/// @notice A batch covers L2 blocks [firstBlock, lastBlock] and links to the previous batch by hash. Its data
/// is either the transaction's blobs (data hash = keccak256 of the versioned hashes read with BLOBHASH) or
/// calldata (data hash = keccak256 of the bytes). A batch is appended only when it extends the chain exactly
/// (next index, previous hash, next L2 block) and carries a quorum signature of the current sequencer set
/// over its digest, so gaps, replays and forks are rejected.
contract BatchInbox {
    /// @notice Medium of a calldata batch.
    uint8 public constant MEDIUM_CALLDATA = 0;
    /// @notice Medium of a blob batch.
    uint8 public constant MEDIUM_BLOBS = 1;
    /// @notice Upper bound on blobs read per batch.
    uint256 public constant MAX_BLOBS = 16;
    /// @notice Upper bound on the bytes of a calldata batch.
    uint256 public constant MAX_CALLDATA_BYTES = 131072;
    /// @notice Domain tag of a batch digest.
    bytes32 public constant BATCH_TAG = keccak256("hyperion.BatchInbox.batch.v1");

    /// @notice The fields a batch poster supplies; the medium and data hash come from the transaction.
    struct BatchHeader {
        uint64 index;
        uint64 firstBlock;
        uint64 lastBlock;
        bytes32 prevBatchHash;
    }

    /// @notice The quorum attestation: the set's keys, the signer bitmap and the aggregate signature.
    struct Attestation {
        bytes keys;
        uint256 signers;
        bytes signature;
    }

    /// @notice The sequencer set contract whose current set must sign.
    ISequencerQuorum public immutable sequencerSet;
    /// @notice Index the next batch must have.
    uint64 public nextIndex;
    /// @notice Last L2 block covered by the chain (the genesis block before the first batch).
    uint64 public lastL2Block;
    /// @notice Hash of the last batch (zero before the first batch).
    bytes32 public lastBatchHash;
    /// @notice index => batch hash.
    mapping(uint64 => bytes32) public batchHashes;

    /// @notice A batch was appended.
    event BatchAppended(
        uint64 indexed index,
        bytes32 batchHash,
        uint64 firstBlock,
        uint64 lastBlock,
        uint8 medium,
        bytes32 dataHash,
        bytes32[] blobHashes
    );

    error BatchIndexUsed(uint64 index, uint64 nextIndex);
    error BatchIndexGap(uint64 index, uint64 nextIndex);
    error PrevBatchHashMismatch(bytes32 given, bytes32 expected);
    error BlockRangeGap(uint64 firstBlock, uint64 expected);
    error EmptyBlockRange(uint64 firstBlock, uint64 lastBlock);
    error NoBlobs();
    error TooManyBlobs();
    error BadCalldataSize(uint256 size);

    /// @param set the SequencerSet contract.
    /// @param genesisL2Block the L2 block the chain starts after (the first batch starts at genesisL2Block + 1).
    constructor(ISequencerQuorum set, uint64 genesisL2Block) {
        sequencerSet = set;
        lastL2Block = genesisL2Block;
    }

    /// @notice Appends a batch whose data is `data` in this transaction's calldata.
    function submitCalldataBatch(BatchHeader calldata header, bytes calldata data, Attestation calldata att)
        external
    {
        if (data.length == 0 || data.length > MAX_CALLDATA_BYTES) revert BadCalldataSize(data.length);
        _append(header, MEDIUM_CALLDATA, keccak256(data), new bytes32[](0), att);
    }

    /// @notice Appends a batch whose data is this (type-3) transaction's blobs.
    function submitBlobBatch(BatchHeader calldata header, Attestation calldata att) external {
        bytes32[] memory hashes = _blobHashes();
        _append(header, MEDIUM_BLOBS, keccak256(abi.encodePacked(hashes)), hashes, att);
    }

    /// @notice The hash identifying a batch.
    function batchHash(BatchHeader calldata header, uint8 medium, bytes32 dataHash) public pure returns (bytes32) {
        return keccak256(
            abi.encode(header.index, header.firstBlock, header.lastBlock, header.prevBatchHash, medium, dataHash)
        );
    }

    /// @notice The digest the current set signs for the batch with hash `hash`.
    function batchDigest(bytes32 hash) public view returns (bytes32) {
        return keccak256(abi.encode(BATCH_TAG, block.chainid, address(this), sequencerSet.setHash(), hash));
    }

    function _append(
        BatchHeader calldata header,
        uint8 medium,
        bytes32 dataHash,
        bytes32[] memory blobHashes,
        Attestation calldata att
    ) private {
        _checkLinks(header);
        bytes32 hash = batchHash(header, medium, dataHash);
        sequencerSet.verifyQuorum(att.keys, att.signers, batchDigest(hash), att.signature);
        nextIndex = header.index + 1;
        lastL2Block = header.lastBlock;
        lastBatchHash = hash;
        batchHashes[header.index] = hash;
        emit BatchAppended(header.index, hash, header.firstBlock, header.lastBlock, medium, dataHash, blobHashes);
    }

    function _checkLinks(BatchHeader calldata header) private view {
        if (header.index < nextIndex) revert BatchIndexUsed(header.index, nextIndex);
        if (header.index > nextIndex) revert BatchIndexGap(header.index, nextIndex);
        if (header.prevBatchHash != lastBatchHash) revert PrevBatchHashMismatch(header.prevBatchHash, lastBatchHash);
        if (header.firstBlock != lastL2Block + 1) revert BlockRangeGap(header.firstBlock, lastL2Block + 1);
        if (header.lastBlock < header.firstBlock) revert EmptyBlockRange(header.firstBlock, header.lastBlock);
    }

    function _blobHashes() private view returns (bytes32[] memory hashes) {
        uint256 n;
        while (n <= MAX_BLOBS && blobhash(n) != bytes32(0)) n++;
        if (n == 0) revert NoBlobs();
        if (n > MAX_BLOBS) revert TooManyBlobs();
        hashes = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) {
            hashes[i] = blobhash(i);
        }
    }
}
