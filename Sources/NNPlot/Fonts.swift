import Foundation
import SystemFreeType

/// Text through FreeType in the fonts matplotlib users expect: DejaVu Sans (matplotlib's own font)
/// and, for the characters it lacks (Hangul, kana, CJK ideographs), NanumGothic, the font Korean
/// tutorials install for matplotlib. nil when neither font is on the machine: text is then drawn
/// in nn's bitmap font.
final class Fonts: @unchecked Sendable {
    /// The fonts, in the order characters are looked up in. `NN_FONTS` (paths joined by ':') names
    /// others instead.
    static let paths: [String] = {
        if let given = ProcessInfo.processInfo.environment["NN_FONTS"], !given.isEmpty {
            return given.split(separator: ":").map(String.init)
        }
        return [
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        ]
    }()

    static let shared: Fonts? = Fonts(paths: paths)

    private let library: FT_Library
    private let faces: [FT_Face]
    private let lock = NSLock()

    init?(paths: [String]) {
        guard let library = nn_ft_library() else { return nil }
        let faces = paths.filter { FileManager.default.fileExists(atPath: $0) }.compactMap { nn_ft_open(library, $0) }
        guard !faces.isEmpty else { return nil }
        self.library = library
        self.faces = faces
    }

    /// The first face with a glyph for the character; the first face (whose missing-glyph box it
    /// then draws) when none has one.
    private func face(for scalar: Unicode.Scalar) -> FT_Face {
        faces.first { nn_ft_has($0, UInt(scalar.value)) != 0 } ?? faces[0]
    }

    /// The text's advance width at `size` pixels per em.
    func width(_ text: String, size: Double) -> Double {
        lock.lock()
        defer { lock.unlock() }
        var glyph = nn_glyph()
        return text.unicodeScalars.reduce(0) { sum, scalar in
            nn_ft_glyph(face(for: scalar), UInt(scalar.value), size, 0, 0, &glyph) == 0 ? sum + glyph.advance : sum
        }
    }

    /// Each glyph's coverage bitmap, placed for text starting at `origin` on its baseline and turned
    /// `angle` degrees anticlockwise (page coordinates, y down): `pixel(x, y, coverage)` for each
    /// covered pixel.
    func draw(
        _ text: String, at origin: (Double, Double), size: Double, angle: Double,
        _ pixel: (Int, Int, Float) -> Void
    ) {
        lock.lock()
        defer { lock.unlock() }
        let radians = angle * .pi / 180
        var pen = 0.0
        var glyph = nn_glyph()
        for scalar in text.unicodeScalars {
            guard nn_ft_glyph(face(for: scalar), UInt(scalar.value), size, radians, 1, &glyph) == 0 else { continue }
            // The pen's place along the turned baseline.
            let x = origin.0 + pen * cos(radians), y = origin.1 - pen * sin(radians)
            let left = Int(x.rounded(.down)) + Int(glyph.left), top = Int(y.rounded(.down)) - Int(glyph.top)
            if let buffer = glyph.buffer {
                for row in 0..<Int(glyph.rows) {
                    for column in 0..<Int(glyph.width) {
                        let value = buffer[row * Int(glyph.pitch) + column]
                        if value > 0 { pixel(left + column, top + row, Float(value) / 255) }
                    }
                }
            }
            pen += glyph.advance
        }
    }
}
