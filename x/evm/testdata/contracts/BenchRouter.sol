// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;

/// @dev The pair calls the router makes.
interface IBenchPair {
    function token0() external view returns (address);
    function getReserves() external view returns (uint112, uint112, uint32);
    function swap(uint256 amount0Out, uint256 amount1Out, address to) external;
}

/// @dev The token call the router makes.
interface IBenchERC20 {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

/// @title BenchRouter
/// @notice Stateless single-pair router: pulls the input from the caller into
/// the pair, prices the output from the reserves with the 0.3 % fee, and has
/// the pair pay it out.
contract BenchRouter {
    error InsufficientOutput(uint256 amountOut, uint256 minOut);
    error NoInput();
    error NoLiquidity();
    error TransferFailed(address token);

    /// @notice Swaps amountIn of tokenIn in `pair` for at least minOut of the
    /// other token, paid to `to`; returns the amount paid.
    function swapExactIn(address pair, address tokenIn, uint256 amountIn, uint256 minOut, address to)
        external
        returns (uint256 amountOut)
    {
        if (amountIn == 0) revert NoInput();
        _pull(tokenIn, msg.sender, pair, amountIn);
        (uint112 r0, uint112 r1,) = IBenchPair(pair).getReserves();
        bool zeroForOne = tokenIn == IBenchPair(pair).token0();
        (uint256 rIn, uint256 rOut) = zeroForOne ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        amountOut = quote(amountIn, rIn, rOut);
        if (amountOut < minOut || amountOut == 0) revert InsufficientOutput(amountOut, minOut);
        if (zeroForOne) {
            IBenchPair(pair).swap(0, amountOut, to);
        } else {
            IBenchPair(pair).swap(amountOut, 0, to);
        }
    }

    /// @notice The output of amountIn against reserves rIn/rOut after the 0.3 % fee.
    function quote(uint256 amountIn, uint256 rIn, uint256 rOut) public pure returns (uint256) {
        if (rIn == 0 || rOut == 0) revert NoLiquidity();
        uint256 inWithFee = amountIn * 997;
        return (inWithFee * rOut) / (rIn * 1000 + inWithFee);
    }

    function _pull(address token, address from, address to, uint256 value) private {
        (bool ok, bytes memory ret) = token.call(abi.encodeCall(IBenchERC20.transferFrom, (from, to, value)));
        if (!ok || (ret.length != 0 && !abi.decode(ret, (bool)))) revert TransferFailed(token);
    }
}
