// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IInference} from "./IInference.sol";

/// @notice Test contract: classifies an input with a registered model through
/// the inference precompile, stores the result and emits it.
contract Classifier {
    IInference constant INFERENCE = IInference(address(0x0000000000000000000000000000000000000810));

    event Classified(bytes32 indexed model, int32[] output, uint256 label);

    int32[] public lastOutput;
    uint256 public lastLabel;

    function classify(bytes32 model, int32[] calldata input) external returns (uint256 label) {
        int32[] memory out = INFERENCE.infer(model, input);
        for (uint256 i = 1; i < out.length; i++) {
            if (out[i] > out[label]) label = i;
        }
        lastOutput = out;
        lastLabel = label;
        emit Classified(model, out, label);
    }
}
