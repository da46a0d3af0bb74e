// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;

/// @title BLS12-381 min-pk signatures over the EIP-2537 precompiles.
/// @notice Public keys are G1 points (128 bytes), signatures G2 points (256 bytes), both in the
/// uncompressed EIP-2537 encoding (each base-field element as 64 big-endian bytes, the top 16 zero).
/// Messages are hashed to G2 on chain following RFC 9380 (BLS12381G2_XMD:SHA-256_SSWU_RO_) with the
/// Ethereum consensus-layer ciphersuite tags, so signatures made by any conforming library verify here.
library BLS {
    /// @notice Domain separation tag of signatures (Ethereum consensus layer, proof-of-possession scheme).
    bytes internal constant SIG_DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
    /// @notice Domain separation tag of proofs of possession.
    bytes internal constant POP_DST = "BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

    uint256 internal constant G1_LEN = 128;
    uint256 internal constant G2_LEN = 256;

    address private constant MODEXP = address(0x05);
    address private constant G1ADD = address(0x0b);
    address private constant G2ADD = address(0x0d);
    address private constant PAIRING = address(0x0f);
    address private constant MAP_FP2_TO_G2 = address(0x11);

    // Base-field modulus p (48 bytes) split into its high 16 and low 32 bytes.
    bytes16 private constant P_HI = 0x1a0111ea397fe69a4b1ba7b6434bacd7;
    bytes32 private constant P_LO = 0x64774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab;
    // (p - 1) / 2 as two words of the 64-byte encoding.
    uint256 private constant HALF_P_HI = 0x0d0088f51cbff34d258dd3db21a5d66b;
    uint256 private constant HALF_P_LO = 0xb23ba5c279c2895fb39869507b587b120f55ffff58a9ffffdcff7fffffffd555;
    // The negated G1 generator in the EIP-2537 encoding (x hi, x lo, y hi, y lo).
    uint256 private constant NEG_G1_X_HI = 0x17f1d3a73197d7942695638c4fa9ac0f;
    uint256 private constant NEG_G1_X_LO = 0xc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb;
    uint256 private constant NEG_G1_Y_HI = 0x114d1d6855d545a8aa7d76c8cf2e21f2;
    uint256 private constant NEG_G1_Y_LO = 0x67816aef1db507c96655b9d5caac42364e6f38ba0ecb751bad54dcd6b939c2ca;

    /// @notice A precompile call failed (invalid point encoding, point not on the curve or not in the subgroup).
    error PrecompileFailed(address precompile);
    /// @notice A point had the wrong length.
    error BadPointLength(uint256 length);

    /// @notice Verifies `signature` over `message` under `publicKey` with domain tag `dst`.
    /// @dev The pairing precompile checks that both points are on their curves and in the subgroups.
    /// The caller must reject a public key at infinity (see isInfinityG1).
    function verify(bytes memory publicKey, bytes memory message, bytes memory signature, bytes memory dst)
        internal
        view
        returns (bool)
    {
        if (publicKey.length != G1_LEN) revert BadPointLength(publicKey.length);
        if (signature.length != G2_LEN) revert BadPointLength(signature.length);
        bytes memory input = abi.encodePacked(
            publicKey, hashToG2(message, dst), NEG_G1_X_HI, NEG_G1_X_LO, NEG_G1_Y_HI, NEG_G1_Y_LO, signature
        );
        (bool ok, bytes memory out) = PAIRING.staticcall(input);
        if (!ok || out.length != 32) revert PrecompileFailed(PAIRING);
        return abi.decode(out, (uint256)) == 1;
    }

    /// @notice Verifies a proof of possession: a signature with POP_DST over the 48-byte compressed key.
    function verifyPossession(bytes memory publicKey, bytes memory proof) internal view returns (bool) {
        return verify(publicKey, compressG1(publicKey), proof, POP_DST);
    }

    /// @notice Hashes `message` to G2 (RFC 9380 hash_to_curve, random-oracle variant).
    /// @dev MAP_FP2_TO_G2 clears the cofactor of each mapped point; clearing is a group homomorphism,
    /// so the sum of the two cleared points equals clear_cofactor(Q0 + Q1) of the RFC.
    function hashToG2(bytes memory message, bytes memory dst) internal view returns (bytes memory) {
        bytes memory uniform = expandMessageXmd(message, dst);
        bytes memory q0 = mapToG2(fieldElement(uniform, 0), fieldElement(uniform, 64));
        bytes memory q1 = mapToG2(fieldElement(uniform, 128), fieldElement(uniform, 192));
        return callPrecompile(G2ADD, abi.encodePacked(q0, q1), G2_LEN);
    }

    /// @notice Adds two G1 points. No subgroup check: callers add only keys checked at registration.
    function addG1(bytes memory a, bytes memory b) internal view returns (bytes memory) {
        return callPrecompile(G1ADD, abi.encodePacked(a, b), G1_LEN);
    }

    /// @notice Reports whether a 128-byte G1 encoding is the point at infinity (all zero).
    function isInfinityG1(bytes memory p) internal pure returns (bool) {
        if (p.length != G1_LEN) revert BadPointLength(p.length);
        uint256 acc;
        for (uint256 i = 0; i < G1_LEN; i += 32) {
            uint256 w;
            assembly { w := mload(add(add(p, 32), i)) }
            acc |= w;
        }
        return acc == 0;
    }

    /// @notice The 48-byte compressed (ZCash flags) encoding of an uncompressed G1 point.
    function compressG1(bytes memory p) internal pure returns (bytes memory) {
        if (p.length != G1_LEN) revert BadPointLength(p.length);
        uint256 xHi;
        uint256 xLo;
        uint256 yHi;
        uint256 yLo;
        assembly {
            xHi := mload(add(p, 32))
            xLo := mload(add(p, 64))
            yHi := mload(add(p, 96))
            yLo := mload(add(p, 128))
        }
        if (xHi | xLo | yHi | yLo == 0) {
            return abi.encodePacked(bytes1(0xc0), new bytes(47));
        }
        bool largest = yHi > HALF_P_HI || (yHi == HALF_P_HI && yLo > HALF_P_LO);
        uint256 flags = largest ? 0xa0 : 0x80;
        return abi.encodePacked(bytes16(uint128(xHi) | uint128(flags << 120)), bytes32(xLo));
    }

    /// @notice expand_message_xmd (RFC 9380 §5.3.1) with SHA-256 to 256 bytes.
    function expandMessageXmd(bytes memory message, bytes memory dst) internal pure returns (bytes memory out) {
        require(dst.length <= 255, "BLS: dst too long");
        bytes memory dstPrime = abi.encodePacked(dst, uint8(dst.length));
        bytes32 b0 = sha256(abi.encodePacked(new bytes(64), message, uint16(256), uint8(0), dstPrime));
        bytes32 bi = sha256(abi.encodePacked(b0, uint8(1), dstPrime));
        out = new bytes(256);
        assembly { mstore(add(out, 32), bi) }
        for (uint256 i = 2; i <= 8; i++) {
            bi = sha256(abi.encodePacked(b0 ^ bi, uint8(i), dstPrime));
            assembly { mstore(add(out, mul(i, 32)), bi) }
        }
    }

    /// @dev Reduces the 64 bytes at `offset` of `uniform` modulo p into a 64-byte field element.
    function fieldElement(bytes memory uniform, uint256 offset) private view returns (bytes memory) {
        bytes32 hi;
        bytes32 lo;
        assembly {
            hi := mload(add(add(uniform, 32), offset))
            lo := mload(add(add(uniform, 64), offset))
        }
        bytes memory input = abi.encodePacked(uint256(64), uint256(1), uint256(48), hi, lo, uint8(1), P_HI, P_LO);
        bytes memory reduced = callPrecompile(MODEXP, input, 48);
        return abi.encodePacked(bytes16(0), reduced);
    }

    /// @dev Maps an Fp2 element (c0, c1) to G2 with the cofactor cleared.
    function mapToG2(bytes memory c0, bytes memory c1) private view returns (bytes memory) {
        return callPrecompile(MAP_FP2_TO_G2, abi.encodePacked(c0, c1), G2_LEN);
    }

    function callPrecompile(address precompile, bytes memory input, uint256 outLen)
        private
        view
        returns (bytes memory)
    {
        (bool ok, bytes memory out) = precompile.staticcall(input);
        if (!ok || out.length != outLen) revert PrecompileFailed(precompile);
        return out;
    }
}
