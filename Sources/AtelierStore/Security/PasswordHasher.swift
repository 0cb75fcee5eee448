import Crypto
import _CryptoExtras
import Foundation

/// Hashes passwords with PBKDF2-HMAC-SHA256 and a random 16-byte salt.
///
/// The stored form is `pbkdf2-sha256$<rounds>$<salt base64>$<hash base64>`, so the round count
/// can rise later without invalidating old hashes (`needsRehash` tells when to upgrade one at
/// the next sign-in).
public struct PasswordHasher: Sendable {
    /// OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
    public static let defaultRounds = 600_000

    public let rounds: Int

    /// The round counts a stored hash may name: a row edited to name billions would hold a
    /// worker for hours, and more than `UInt32.max` makes PBKDF2 itself refuse.
    static let acceptedRounds = 1...100_000_000

    public init(rounds: Int = PasswordHasher.defaultRounds) {
        self.rounds = rounds
    }

    /// A new salted hash of `password`.
    public func hash(_ password: String) -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        let derived = Self.derive(password, salt: salt, rounds: rounds) ?? []
        return "pbkdf2-sha256$\(rounds)$\(Data(salt).base64EncodedString())$\(Data(derived).base64EncodedString())"
    }

    /// True when `password` matches `stored`; false for a malformed stored string.
    /// The comparison takes the same time wherever the bytes differ.
    public func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let storedRounds = Int(parts[1]), Self.acceptedRounds.contains(storedRounds),
              let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3]))
        else { return false }
        guard let derived = Self.derive(password, salt: Array(salt), rounds: storedRounds), derived.count == expected.count
        else { return false }
        return zip(derived, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// True when `stored` was made with fewer rounds than this hasher uses.
    public func needsRehash(_ stored: String) -> Bool {
        let parts = stored.split(separator: "$")
        return parts.count != 4 || (Int(parts[1]) ?? 0) < rounds
    }

    /// Spends the same work as a real check, for sign-ins naming an unknown member, so timing
    /// does not tell which names exist.
    public func burnEquivalentWork(_ password: String) {
        _ = Self.derive(password, salt: Array(repeating: 0, count: 16), rounds: rounds)
    }

    /// The derived key, or nil when PBKDF2 refuses the parameters (which a check then fails).
    private static func derive(_ password: String, salt: [UInt8], rounds: Int) -> [UInt8]? {
        guard let key = try? KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: rounds)
        else { return nil }
        return key.withUnsafeBytes { Array($0) }
    }
}
