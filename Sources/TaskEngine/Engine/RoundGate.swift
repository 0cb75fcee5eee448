/// Lets one round of work run at a time; a request while it runs asks for exactly one more.
actor RoundGate {
    private var running = false
    private var again = false

    /// True when the caller should run a round now; false when one is running (it will run
    /// once more instead).
    func begin() -> Bool {
        if running {
            again = true
            return false
        }
        running = true
        return true
    }

    /// True when the caller should run another round (someone asked meanwhile).
    func end() -> Bool {
        if again {
            again = false
            return true
        }
        running = false
        return false
    }
}
