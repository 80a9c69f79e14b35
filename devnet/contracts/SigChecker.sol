// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// Recovers signers on chain with ecrecover, so the tests check the off-chain EIP-191 and EIP-712
/// hashing against the EVM's. Both paths reject high-s signatures (EIP-2) and v outside {27, 28}.
contract SigChecker {
    // EIP-712 "Definition of domainSeparator" with name, version, chainId, verifyingContract.
    bytes32 public constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 public constant MAIL_TYPEHASH = keccak256("Mail(address to,uint256 amount,string contents)");
    bytes32 private constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    function domainSeparator() public view returns (bytes32) {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("DltSigner"), keccak256("1"), block.chainid, address(this))
        );
    }

    /// EIP-712: keccak256(0x19 0x01 || domainSeparator || hashStruct(Mail)).
    function mailDigest(address to, uint256 amount, string calldata contents) public view returns (bytes32) {
        bytes32 structHash = keccak256(abi.encode(MAIL_TYPEHASH, to, amount, keccak256(bytes(contents))));
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash));
    }

    function recoverMail(address to, uint256 amount, string calldata contents, bytes calldata signature)
        external
        view
        returns (address)
    {
        return recoverDigest(mailDigest(to, amount, contents), signature);
    }

    /// EIP-191 version 0x45: keccak256("\x19Ethereum Signed Message:\n" || decimal length || message).
    function personalDigest(bytes calldata message) public pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n", decimal(message.length), message));
    }

    function recoverPersonal(bytes calldata message, bytes calldata signature) external pure returns (address) {
        return recoverDigest(personalDigest(message), signature);
    }

    /// signature = r || s || v (65 bytes, v in {27, 28}, s low); returns the zero address otherwise.
    function recoverDigest(bytes32 digest, bytes calldata signature) public pure returns (address) {
        if (signature.length != 65) {
            return address(0);
        }
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if ((v != 27 && v != 28) || uint256(s) > uint256(HALF_ORDER)) {
            return address(0);
        }
        return ecrecover(digest, v, r, s);
    }

    function decimal(uint256 n) internal pure returns (bytes memory out) {
        if (n == 0) {
            return "0";
        }
        uint256 digits;
        for (uint256 t = n; t != 0; t /= 10) {
            digits++;
        }
        out = new bytes(digits);
        for (; n != 0; n /= 10) {
            out[--digits] = bytes1(uint8(48 + (n % 10)));
        }
    }
}
