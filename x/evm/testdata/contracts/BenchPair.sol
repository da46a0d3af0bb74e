// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.30;

/// @dev The token calls a pair makes.
interface IBenchToken {
    function balanceOf(address holder) external view returns (uint256);
    function transfer(address to, uint256 value) external returns (bool);
}

/// @title BenchPair
/// @notice A constant-product pool of two tokens in the manner of Uniswap V2:
/// the input is sent to the pair first, `swap` pays the output out, reads its
/// token balances back, and checks that the product of the balances, less a
/// 0.3 % fee on the input, did not fall. Both reserves and the timestamp of
/// their last update share one storage slot. No immutables: genesis holds the
/// runtime code and the token addresses in storage.
contract BenchPair {
    address public token0;
    address public token1;
    uint112 private reserve0;
    uint112 private reserve1;
    uint32 private blockTimestampLast;
    uint256 public price0CumulativeLast;
    uint256 public price1CumulativeLast;
    uint256 private unlocked = 1;

    event Swap(
        address indexed sender,
        uint256 amount0In,
        uint256 amount1In,
        uint256 amount0Out,
        uint256 amount1Out,
        address indexed to
    );
    event Sync(uint112 reserve0, uint112 reserve1);

    error Locked();
    error NoOutput();
    error NotEnoughLiquidity(uint256 reserve0, uint256 reserve1);
    error InvalidReceiver(address to);
    error NoInput();
    error ProductDecreased();
    error Overflow();
    error TransferFailed(address token);

    modifier lock() {
        if (unlocked != 1) revert Locked();
        unlocked = 2;
        _;
        unlocked = 1;
    }

    function getReserves() public view returns (uint112, uint112, uint32) {
        return (reserve0, reserve1, blockTimestampLast);
    }

    /// @notice Pays amount0Out of token0 and amount1Out of token1 to `to`,
    /// provided the tokens already sent to the pair keep the fee-adjusted
    /// product of the balances at least that of the reserves.
    function swap(uint256 amount0Out, uint256 amount1Out, address to) external lock {
        if (amount0Out == 0 && amount1Out == 0) revert NoOutput();
        (uint112 r0, uint112 r1,) = getReserves();
        if (amount0Out >= r0 || amount1Out >= r1) revert NotEnoughLiquidity(r0, r1);
        (uint256 balance0, uint256 balance1) = _payOut(amount0Out, amount1Out, to);
        uint256 amount0In = balance0 > r0 - amount0Out ? balance0 - (r0 - amount0Out) : 0;
        uint256 amount1In = balance1 > r1 - amount1Out ? balance1 - (r1 - amount1Out) : 0;
        if (amount0In == 0 && amount1In == 0) revert NoInput();
        {
            uint256 adjusted0 = balance0 * 1000 - amount0In * 3;
            uint256 adjusted1 = balance1 * 1000 - amount1In * 3;
            if (adjusted0 * adjusted1 < uint256(r0) * r1 * 1_000_000) revert ProductDecreased();
        }
        _update(balance0, balance1);
        emit Swap(msg.sender, amount0In, amount1In, amount0Out, amount1Out, to);
    }

    /// @dev Pays the outputs to `to` and returns the pair's token balances after.
    function _payOut(uint256 amount0Out, uint256 amount1Out, address to)
        private
        returns (uint256 balance0, uint256 balance1)
    {
        address t0 = token0;
        address t1 = token1;
        if (to == t0 || to == t1) revert InvalidReceiver(to);
        if (amount0Out > 0) _pay(t0, to, amount0Out);
        if (amount1Out > 0) _pay(t1, to, amount1Out);
        balance0 = IBenchToken(t0).balanceOf(address(this));
        balance1 = IBenchToken(t1).balanceOf(address(this));
    }

    /// @notice Sets the reserves to the pair's token balances.
    function sync() external lock {
        _update(IBenchToken(token0).balanceOf(address(this)), IBenchToken(token1).balanceOf(address(this)));
    }

    /// @dev Sets the reserves to the balances; on the first update of a
    /// block it first adds the time-weighted prices of the old reserves
    /// (UQ112x112) to the oracle accumulators. Wrapping is intended.
    function _update(uint256 balance0, uint256 balance1) private {
        if (balance0 > type(uint112).max || balance1 > type(uint112).max) revert Overflow();
        (uint112 r0, uint112 r1, uint32 last) = getReserves();
        unchecked {
            uint32 elapsed = uint32(block.timestamp) - last;
            if (elapsed > 0 && r0 != 0 && r1 != 0) {
                price0CumulativeLast += ((uint256(r1) << 112) / r0) * elapsed;
                price1CumulativeLast += ((uint256(r0) << 112) / r1) * elapsed;
            }
        }
        reserve0 = uint112(balance0);
        reserve1 = uint112(balance1);
        blockTimestampLast = uint32(block.timestamp);
        emit Sync(reserve0, reserve1);
    }

    function _pay(address token, address to, uint256 value) private {
        (bool ok, bytes memory ret) = token.call(abi.encodeCall(IBenchToken.transfer, (to, value)));
        if (!ok || (ret.length != 0 && !abi.decode(ret, (bool)))) revert TransferFailed(token);
    }
}
