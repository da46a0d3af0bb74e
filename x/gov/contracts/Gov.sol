// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.30;

import "./IGov.sol";

/// @title Gov: the governance system contract, placed in genesis at 0x…0801.
/// @notice Calls check their arguments, escrow msg.value and queue the call; the chain's gov module applies the
/// queue at the end of every block and writes back proposals, tallies and parameters (x/gov/keeper/layout.go
/// mirrors this storage layout slot by slot; do not reorder).
contract Gov is IGov {
    struct Request { address sender; uint64 id; uint256 value; bytes data; }

    uint256 internal constant MAX_QUEUE = 256;
    uint256 internal constant MAX_PAYLOAD = 4096;
    uint256 internal constant MAX_DESCRIPTION = 1024;

    Request[] internal queue;                                                  // slot 0
    uint64 internal nextId;                                                    // slot 1
    mapping(uint64 => Proposal) internal proposals;                            // slot 2
    mapping(uint64 => uint256[4]) internal tallies;                            // slot 3
    mapping(bytes32 => bytes) internal params;                                 // slot 4
    mapping(uint64 => mapping(address => uint256)) internal votes;             // slot 5
    mapping(uint64 => address[]) internal voters;                              // slot 6
    mapping(uint64 => address[]) internal depositors;                          // slot 7
    mapping(uint64 => mapping(address => uint256)) internal deposits;          // slot 8
    uint256[] internal open;                                                   // slot 9
    uint256[8] internal govParams;                                             // slots 10..17
    uint256 internal burned;                                                   // slot 18

    function submitProposal(uint8 kind, bytes calldata payload, string calldata description)
        external payable returns (uint64 id) {
        require(kind <= 2, "gov: unknown proposal kind");
        require(payload.length <= MAX_PAYLOAD, "gov: payload too long");
        require(bytes(description).length <= MAX_DESCRIPTION, "gov: description too long");
        id = ++nextId;
        _enqueue(id);
    }

    function deposit(uint64 id) external payable {
        require(id > 0 && id <= nextId, "gov: unknown proposal");
        require(msg.value > 0, "gov: zero deposit");
        _enqueue(id);
    }

    function vote(uint64 id, uint8 option) external {
        require(id > 0 && id <= nextId, "gov: unknown proposal");
        require(option >= 1 && option <= 4, "gov: option must be 1..4");
        _enqueue(id);
    }

    function proposal(uint64 id) external view returns (Proposal memory) {
        return proposals[id];
    }

    function tally(uint64 id) external view returns (uint256 yes, uint256 no, uint256 abstain, uint256 veto) {
        uint256[4] storage t = tallies[id];
        return (t[0], t[1], t[2], t[3]);
    }

    function param(string calldata module, string calldata key) external view returns (bytes memory) {
        return params[keccak256(abi.encodePacked(module, "/", key))];
    }

    function _enqueue(uint64 id) internal {
        require(queue.length < MAX_QUEUE, "gov: request queue full, retry next block");
        queue.push(Request(msg.sender, id, msg.value, msg.data));
    }
}
