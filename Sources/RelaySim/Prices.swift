/// What each call costs in USD, charged against ``SimulatorConfiguration/balance``.
enum Prices {
    static let chat = 0.002
    static let image = 0.04
    static let speech = 0.015
    static let transcription = 0.006
    static let embedding = 0.0001
    static let midjourneyImagine = 0.05
    static let midjourneyAction = 0.02
    static let sunoMusic = 0.1
    static let sunoLyrics = 0.01
    static let klingImage = 0.05
    static let video = 0.4
    static let jimeng = 0.03
    static let sdImage = 0.02
}
