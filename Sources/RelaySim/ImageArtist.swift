/// Draws the simulator's "generated" pictures: a two-colour gradient with a disc, all chosen by a
/// seed, so different prompts give visibly different images.
enum ImageArtist {
    /// Largest side drawn; bigger requests are scaled down, keeping the aspect ratio.
    static let maxSide = 256

    static func png(seed: UInt64, width: Int, height: Int) -> [UInt8] {
        let scale = max(1.0, Double(max(width, height)) / Double(maxSide))
        let w = max(8, Int(Double(width) / scale)), h = max(8, Int(Double(height) / scale))
        var random = SimRandom(seed: seed)
        let from = (0..<3).map { _ in Double(UInt8.random(in: 0...255, using: &random)) }
        let to = (0..<3).map { _ in Double(UInt8.random(in: 0...255, using: &random)) }
        let disc = (0..<3).map { _ in UInt8.random(in: 0...255, using: &random) }
        let centreX = Double(Int.random(in: w / 4...(3 * w / 4), using: &random))
        let centreY = Double(Int.random(in: h / 4...(3 * h / 4), using: &random))
        let radius = Double(min(w, h)) * Double.random(in: 0.15...0.35, using: &random)
        var pixels = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h {
            for x in 0..<w {
                let offset = (y * w + x) * 3
                let dx = Double(x) - centreX, dy = Double(y) - centreY
                if dx * dx + dy * dy <= radius * radius {
                    pixels[offset] = disc[0]
                    pixels[offset + 1] = disc[1]
                    pixels[offset + 2] = disc[2]
                } else {
                    let t = Double(x + y) / Double(w + h)
                    for channel in 0..<3 {
                        pixels[offset + channel] = UInt8(from[channel] + (to[channel] - from[channel]) * t)
                    }
                }
            }
        }
        return PNGEncoder.encode(width: w, height: h, rgb: pixels)
    }
}
