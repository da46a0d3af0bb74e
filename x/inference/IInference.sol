// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title Hyperion inference precompile (0x0000000000000000000000000000000000000810)
/// @notice Integer-only, deterministic model execution. Models are addressed by the sha256 of
/// their canonical file and registered at genesis or by governance. Gas is charged up front from
/// the model's dimensions and the token counts (x/inference/gas.go); a call costs at most
/// 16,777,216 gas. Bad inputs revert with Error(string).
interface IInference {
    /// @notice Runs an MLP classifier. Inputs and outputs are Q16.16 fixed point.
    function infer(bytes32 model, int32[] calldata input) external view returns (int32[] memory output);

    /// @notice Runs a Llama-style decoder on the prompt and samples up to maxNewTokens tokens.
    /// temperatureQ16 = 0 is greedy (ties to the lowest id); otherwise top-k (k <= 64, 0 = 64)
    /// with the randomness of step i taken from keccak256(seed || i). The stop token
    /// (0xFFFFFFFF: none) ends generation and is not returned. traceRoot is the Merkle root of
    /// the per-(position, layer) activation hashes, for fraud-proof bisection.
    function generate(
        bytes32 model,
        uint32[] calldata prompt,
        uint32 maxNewTokens,
        uint32 temperatureQ16,
        uint32 topK,
        uint64 seed,
        uint32 stopToken
    ) external view returns (uint32[] memory tokens, bytes32 traceRoot);

    /// @notice Describes a registered model. arch: 1 = MLP, 2 = decoder. For an MLP, layers,
    /// inputDim and outputDim are set; for a decoder, everything but inputDim.
    function modelInfo(bytes32 model)
        external
        view
        returns (
            uint8 arch,
            uint32 dim,
            uint32 hidden,
            uint32 layers,
            uint32 heads,
            uint32 kvHeads,
            uint32 vocab,
            uint32 seqLen,
            uint32 inputDim,
            uint32 outputDim,
            uint64 sizeBytes
        );
}
