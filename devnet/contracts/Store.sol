// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// A one-slot store for the Ethereum integration tests and the demo: deploy with an initial value,
/// set it, read it back; set(0) reverts with a reason and divide(0) panics (division by zero).
contract Store {
    uint256 private value;
    address public immutable deployer;

    event ValueSet(address indexed by, uint256 oldValue, uint256 newValue);

    constructor(uint256 initial) {
        value = initial;
        deployer = msg.sender;
    }

    function set(uint256 newValue) external {
        require(newValue != 0, "Store: zero value");
        emit ValueSet(msg.sender, value, newValue);
        value = newValue;
    }

    function get() external view returns (uint256) {
        return value;
    }

    function divide(uint256 divisor) external view returns (uint256) {
        return value / divisor;
    }
}
