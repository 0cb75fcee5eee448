@testable import AtelierMedia
import NetworkAddresses
import XCTest

/// Which addresses the guard refuses: every range named in the policy, in both families and in
/// IPv6 forms that embed an IPv4 address.
final class BlockedAddressRangesTests: XCTestCase {
    private func range(_ text: String) -> String? {
        guard let address = IPAddress(text) else {
            XCTFail("not an address: \(text)")
            return nil
        }
        return BlockedAddressRanges.range(of: address)
    }

    func testBlocked() {
        let blocked = [
            "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "224.0.0.1",
            "239.255.255.250", "255.255.255.255", "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1",
            "fec0::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::127.0.0.1",
            "64:ff9b::a00:1",
        ]
        for text in blocked {
            XCTAssertNotNil(range(text), "\(text) must be refused")
        }
        XCTAssertEqual(range("127.0.0.1"), "loopback (127.0.0.0/8)")
        XCTAssertEqual(range("::ffff:192.168.0.1"), "IPv4-embedded private (192.168.0.0/16)")
    }

    func testPublic() {
        let open = [
            "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.0", "100.63.255.255", "100.128.0.0", "192.169.0.1",
            "169.253.0.1", "11.0.0.1", "223.255.255.255", "2001:4860:4860::8888", "2606:4700::1111", "fbff::1",
            "fe7f::1", "::ffff:8.8.8.8", "64:ff9b::808:808",
        ]
        for text in open {
            XCTAssertNil(range(text), "\(text) is public")
        }
    }

    func testAddressText() {
        XCTAssertEqual(IPAddress("::ffff:7f00:1")?.description, "::ffff:127.0.0.1")
    }
}
