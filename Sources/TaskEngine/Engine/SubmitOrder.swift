import AtelierStore
import Foundation

/// A member's request to run something on a provider, as a submit form sends it.
public struct SubmitOrder: Sendable {
    public var request: StudioRequest
    public var providerID: Int64
    public var member: Member
    /// From the form (one per rendering): the same member's key twice finds the first task.
    public var idempotencyKey: String
    public var parentID: String?

    public init(request: StudioRequest, providerID: Int64, member: Member, idempotencyKey: String, parentID: String? = nil) {
        self.request = request
        self.providerID = providerID
        self.member = member
        self.idempotencyKey = idempotencyKey
        self.parentID = parentID
    }
}

/// Why a submit was not accepted; nothing was written and no provider was called.
public enum SubmitRefusal: Error, Sendable, Equatable {
    /// Field errors (`FieldError.field` names the form field).
    case invalid([FieldError])
    /// The provider is gone or does not offer the route.
    case unavailable(String)
    /// The member's monthly budget on the provider would be passed (`spent` includes what
    /// their unfinished tasks are expected to cost; `cost` is nil when no price is set, and the
    /// budget is used up already).
    case overBudget(limit: Double, spent: Double, cost: Double?, unit: String)
}
