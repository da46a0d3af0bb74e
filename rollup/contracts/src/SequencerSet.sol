// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;

import {BLS} from "./BLS.sol";

/// @title SequencerSet: the L1 light client of Hyperion's sequencer set.
/// @notice The set is a list of BLS12-381 public keys with equal weight, committed as
/// setHash = keccak256(concatenation of the 128-byte keys). Keys are listed in strictly ascending order
/// of keccak256(key), so no key appears twice. A key must first be registered with a proof of possession
/// (rogue-key protection); the genesis set is registered at deployment. A new set is installed only with
/// a quorum (more than two thirds of the outgoing set) aggregate signature over the change.
contract SequencerSet {
    /// @notice The largest set the contract accepts (the signer bitmap is a uint256).
    uint256 public constant MAX_SET_SIZE = 128;
    /// @notice Domain tag of a set-change digest.
    bytes32 public constant SET_CHANGE_TAG = keccak256("hyperion.SequencerSet.change.v1");

    /// @notice Number of set changes since genesis (0 for the genesis set).
    uint64 public setId;
    /// @notice L2 height at which the current set took over (0 for genesis).
    uint64 public activationHeight;
    /// @notice Number of keys in the current set.
    uint32 public setSize;
    /// @notice keccak256 of the concatenated keys of the current set.
    bytes32 public setHash;
    /// @notice keccak256(key) => the key's proof of possession was verified.
    mapping(bytes32 => bool) public registered;

    /// @notice A key was registered with a valid proof of possession.
    event KeyRegistered(bytes32 indexed keyHash, bytes publicKey);
    /// @notice A new set took over at L2 height `activationHeight`.
    event SetChanged(uint64 indexed setId, bytes32 setHash, uint64 activationHeight, bytes publicKeys);

    error BadKeysLength(uint256 length);
    error SetSizeOutOfRange(uint256 size);
    error KeyAtInfinity();
    error BadProofOfPossession(bytes32 keyHash);
    error KeyNotRegistered(bytes32 keyHash);
    error KeysNotSorted(uint256 position);
    error SetMismatch(bytes32 given, bytes32 current);
    error BadSignerBitmap(uint256 bitmap);
    error BelowQuorum(uint256 signers, uint256 setSize);
    error AggregateKeyAtInfinity();
    error BadSignature();
    error StaleActivationHeight(uint64 given, uint64 current);

    /// @param genesisKeys the concatenated 128-byte keys of the genesis set, sorted by keccak256(key).
    /// @param genesisProofs the concatenated 256-byte proofs of possession, in the same order.
    constructor(bytes memory genesisKeys, bytes memory genesisProofs) {
        uint256 n = genesisKeys.length / BLS.G1_LEN;
        if (genesisProofs.length != n * BLS.G2_LEN) revert BadKeysLength(genesisProofs.length);
        for (uint256 i = 0; i < n; i++) {
            _register(_slice(genesisKeys, i * BLS.G1_LEN, BLS.G1_LEN), _slice(genesisProofs, i * BLS.G2_LEN, BLS.G2_LEN));
        }
        _install(genesisKeys, 0);
    }

    /// @notice Registers `publicKey` (128-byte G1) after checking its proof of possession (256-byte G2).
    function registerKey(bytes calldata publicKey, bytes calldata proof) external {
        _register(publicKey, proof);
    }

    /// @notice Installs `newKeys` as the set from L2 height `newActivationHeight`, signed by a quorum of the
    /// current set (`currentKeys`, `signers` bitmap over its positions, aggregate `signature`).
    function changeSet(
        bytes calldata newKeys,
        uint64 newActivationHeight,
        bytes calldata currentKeys,
        uint256 signers,
        bytes calldata signature
    ) external {
        if (newActivationHeight <= activationHeight) {
            revert StaleActivationHeight(newActivationHeight, activationHeight);
        }
        bytes32 digest = changeDigest(keccak256(newKeys), newActivationHeight);
        verifyQuorum(currentKeys, signers, digest, signature);
        _install(newKeys, newActivationHeight);
    }

    /// @notice The digest the outgoing set signs to install the set with hash `newSetHash`.
    function changeDigest(bytes32 newSetHash, uint64 newActivationHeight) public view returns (bytes32) {
        return keccak256(
            abi.encode(SET_CHANGE_TAG, block.chainid, address(this), setHash, newSetHash, newActivationHeight)
        );
    }

    /// @notice Reverts unless more than two thirds of the current set signed `digest`.
    /// @param keys the concatenated keys of the current set (checked against setHash).
    /// @param signers bit i set when key i signed.
    /// @param signature the aggregate signature (256-byte G2) of the signers with BLS.SIG_DST.
    function verifyQuorum(bytes calldata keys, uint256 signers, bytes32 digest, bytes calldata signature)
        public
        view
    {
        bytes32 given = keccak256(keys);
        if (given != setHash) revert SetMismatch(given, setHash);
        uint256 n = keys.length / BLS.G1_LEN;
        if (n < 256 && signers >> n != 0) revert BadSignerBitmap(signers);
        bytes memory aggregate;
        uint256 count;
        for (uint256 i = 0; i < n; i++) {
            if ((signers >> i) & 1 == 0) continue;
            bytes memory key = keys[i * BLS.G1_LEN:(i + 1) * BLS.G1_LEN];
            aggregate = count == 0 ? key : BLS.addG1(aggregate, key);
            count++;
        }
        if (count * 3 <= n * 2) revert BelowQuorum(count, n);
        if (BLS.isInfinityG1(aggregate)) revert AggregateKeyAtInfinity();
        if (!BLS.verify(aggregate, abi.encodePacked(digest), signature, BLS.SIG_DST)) revert BadSignature();
    }

    function _register(bytes memory publicKey, bytes memory proof) private {
        if (publicKey.length != BLS.G1_LEN) revert BadKeysLength(publicKey.length);
        if (BLS.isInfinityG1(publicKey)) revert KeyAtInfinity();
        bytes32 keyHash = keccak256(publicKey);
        if (!BLS.verifyPossession(publicKey, proof)) revert BadProofOfPossession(keyHash);
        if (!registered[keyHash]) {
            registered[keyHash] = true;
            emit KeyRegistered(keyHash, publicKey);
        }
    }

    function _install(bytes memory keys, uint64 height) private {
        if (keys.length % BLS.G1_LEN != 0) revert BadKeysLength(keys.length);
        uint256 n = keys.length / BLS.G1_LEN;
        if (n == 0 || n > MAX_SET_SIZE) revert SetSizeOutOfRange(n);
        bytes32 previous;
        for (uint256 i = 0; i < n; i++) {
            bytes32 keyHash;
            assembly { keyHash := keccak256(add(add(keys, 32), mul(i, 128)), 128) }
            if (!registered[keyHash]) revert KeyNotRegistered(keyHash);
            if (i > 0 && uint256(keyHash) <= uint256(previous)) revert KeysNotSorted(i);
            previous = keyHash;
        }
        bytes32 newHash = keccak256(keys);
        if (setHash != bytes32(0)) setId++;
        setHash = newHash;
        setSize = uint32(n);
        activationHeight = height;
        emit SetChanged(setId, newHash, height, keys);
    }

    function _slice(bytes memory data, uint256 start, uint256 len) private pure returns (bytes memory out) {
        out = new bytes(len);
        for (uint256 i = 0; i < len; i += 32) {
            bytes32 w;
            assembly { w := mload(add(add(data, 32), add(start, i))) }
            assembly { mstore(add(add(out, 32), i), w) }
        }
    }
}
