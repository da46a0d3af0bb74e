// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.30;

/// @title IGov: the governance system contract at 0x0000000000000000000000000000000000000801.
/// @notice Proposal ids come from the contract's counter at call time; the chain applies the queued request at
/// the end of the block (a rejected submission leaves a gap and refunds its value).
interface IGov {
    // kind: 0 text, 1 parameter change, 2 community-pool spend. option: 1 yes, 2 no, 3 abstain, 4 veto.
    // kind 1 payload: abi.encode(ParamChange[]); kind 2 payload: abi.encode(address to, uint256 amount).
    struct ParamChange { string module; string key; bytes value; } // value ABI-encoded as the parameter's type
    struct Proposal { uint64 id; uint8 kind; address proposer; bytes payload; string description; uint256 deposit;
        uint64 votingEnd; uint8 status; } // status: 1 deposit, 2 voting, 3 passed, 4 rejected, 5 vetoed, 6 failed
    function submitProposal(uint8 kind, bytes calldata payload, string calldata description) external payable returns (uint64 id);
    function deposit(uint64 id) external payable;
    function vote(uint64 id, uint8 option) external;
    function proposal(uint64 id) external view returns (Proposal memory);
    function tally(uint64 id) external view returns (uint256 yes, uint256 no, uint256 abstain, uint256 veto);
    function param(string calldata module, string calldata key) external view returns (bytes memory);
    event ProposalSubmitted(uint64 indexed id, address indexed proposer, uint8 kind);
    event Deposited(uint64 indexed id, address indexed depositor, uint256 amount);
    event Voted(uint64 indexed id, address indexed voter, uint8 option);
    event ProposalFinished(uint64 indexed id, uint8 status);
    event RequestRejected(address indexed sender, bytes4 selector, string reason);
}
