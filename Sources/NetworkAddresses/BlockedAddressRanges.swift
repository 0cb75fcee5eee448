/// The address ranges a download or a relay may not reach unless they are explicitly allowed:
/// everything that is not a public unicast address.
public enum BlockedAddressRanges {
    private struct Range {
        let prefix: [UInt8]
        let length: Int
        let name: String
    }

    private static let ipv4: [Range] = [
        Range(prefix: [0, 0, 0, 0], length: 8, name: "unspecified (0.0.0.0/8)"),
        Range(prefix: [10, 0, 0, 0], length: 8, name: "private (10.0.0.0/8)"),
        Range(prefix: [100, 64, 0, 0], length: 10, name: "carrier-grade NAT (100.64.0.0/10)"),
        Range(prefix: [127, 0, 0, 0], length: 8, name: "loopback (127.0.0.0/8)"),
        Range(prefix: [169, 254, 0, 0], length: 16, name: "link-local (169.254.0.0/16)"),
        Range(prefix: [172, 16, 0, 0], length: 12, name: "private (172.16.0.0/12)"),
        Range(prefix: [192, 168, 0, 0], length: 16, name: "private (192.168.0.0/16)"),
        Range(prefix: [224, 0, 0, 0], length: 4, name: "multicast (224.0.0.0/4)"),
        // Includes the broadcast address 255.255.255.255.
        Range(prefix: [240, 0, 0, 0], length: 4, name: "reserved or broadcast (240.0.0.0/4)"),
    ]

    private static let ipv6: [Range] = [
        Range(prefix: [UInt8](repeating: 0, count: 16), length: 128, name: "unspecified (::)"),
        Range(prefix: [UInt8](repeating: 0, count: 15) + [1], length: 128, name: "loopback (::1)"),
        Range(prefix: [0xfc] + [UInt8](repeating: 0, count: 15), length: 7, name: "unique local (fc00::/7)"),
        Range(prefix: [0xfe, 0x80] + [UInt8](repeating: 0, count: 14), length: 10, name: "link-local (fe80::/10)"),
        Range(prefix: [0xfe, 0xc0] + [UInt8](repeating: 0, count: 14), length: 10, name: "site-local (fec0::/10)"),
        Range(prefix: [0xff] + [UInt8](repeating: 0, count: 15), length: 8, name: "multicast (ff00::/8)"),
    ]

    /// IPv6 prefixes whose last 32 bits are an IPv4 address that is judged instead:
    /// IPv4-mapped `::ffff:0:0/96`, IPv4-compatible `::/96`, NAT64 `64:ff9b::/96`.
    private static let embeddingIPv4: [[UInt8]] = [
        [UInt8](repeating: 0, count: 10) + [0xff, 0xff] + [0, 0, 0, 0],
        [UInt8](repeating: 0, count: 16),
        [0x00, 0x64, 0xff, 0x9b] + [UInt8](repeating: 0, count: 12),
    ]

    /// The name of the blocked range `address` falls in, or nil for a public address.
    public static func range(of address: IPAddress) -> String? {
        if address.isIPv4 {
            return ipv4.first { address.hasPrefix($0.prefix, length: $0.length) }?.name
        }
        if let named = ipv6.first(where: { address.hasPrefix($0.prefix, length: $0.length) }) {
            return named.name
        }
        if embeddingIPv4.contains(where: { address.hasPrefix($0, length: 96) }),
           let embedded = range(of: IPAddress(bytes: Array(address.bytes[12...])))
        {
            return "IPv4-embedded \(embedded)"
        }
        return nil
    }
}
