/// nn's own bitmap font for text in PNG files: printable ASCII (and the minus sign) drawn on a
/// grid 5 dots wide and 9 tall, rows 0–6 above the baseline and 7–8 for descenders. Each glyph is
/// its character followed by one hex byte per row (5 bits, the high bit on the left); rows not
/// given are empty. A character without a glyph is drawn as a box, as matplotlib's own fonts draw
/// what they lack.
enum BitmapFont {
    static let columns = 5, rows = 9, ascent = 7
    /// The advance from one character to the next, in dots.
    static let advance = 6

    static let table: [String] = [
        " ", "!04040404040004", "\"0A0A0A", "#0A0A1F0A1F0A0A", "$040F140E051E04", "%18190204081303",
        "&0C12140815120D", "'0C0408", "(02040808080402", ")08040202020408", "*0004150E150400",
        "+0004041F0404", ",00000000000C0C0408", "-0000001F", ".00000000000C0C",
        "/00010204081000", "00E11131519110E", "1040C040404040E", "20E11010204081F", "31F02040201110E",
        "402060A121F0202", "51F101E0101110E", "60608101E11110E", "71F010204080808", "80E11110E11110E",
        "90E11110F01020C", ":000C0C000C0C", ";000C0C000C0408", "<02040810080402", "=00001F001F",
        ">08040201020408", "?0E110102040004", "@0E11010D15150E",
        "A0E1111111F1111", "B1E11111E11111E", "C0E11101010110E", "D1C12111111121C", "E1F10101E10101F",
        "F1F10101E101010", "G0E11101711110F", "H1111111F111111", "I0E04040404040E", "J0702020202120C",
        "K11121418141211", "L1010101010101F", "M111B1515111111", "N11111915131111", "O0E11111111110E",
        "P1E11111E101010", "Q0E11111115120D", "R1E11111E141211", "S0F10100E01011E", "T1F040404040404",
        "U1111111111110E", "V11111111110A04", "W1111111515150A", "X11110A040A1111", "Y1111110A040404",
        "Z1F01020408101F", "[0E08080808080E", "\\00100804020100", "]0E02020202020E", "^040A11",
        "_000000000000001F", "`080402",
        "a00000E010F110F", "b1010161911111E", "c00000E1010110E", "d01010D1311110F", "e00000E111F100E",
        "f0609081C080808", "g00000F1111110F010E", "h10101619111111", "i04000C0404040E", "j02000602020202120C",
        "k10101214181412", "l0C04040404040E", "m00001A15151111", "n00001619111111", "o00000E1111110E",
        "p00001E1111111E1010", "q00000F1111110F0101", "r00001619101010", "s00000F100E011E", "t08081C08080906",
        "u0000111111130D", "v00001111110A04", "w0000111115150A", "x0000110A040A11", "y0000111111110F010E",
        "z00001F0204081F", "{02040408040402", "|04040404040404", "}08040402040408", "~000008150200",
        "\u{2212}0000001F",
    ]

    /// Each character's rows of dots.
    static let glyphs: [Character: [UInt8]] = {
        var glyphs: [Character: [UInt8]] = [:]
        for entry in table {
            guard let character = entry.first else { continue }
            let hex = Array(entry.dropFirst())
            var rows: [UInt8] = []
            var i = 0
            while i + 1 < hex.count {
                rows.append(UInt8(String(hex[i...i + 1]), radix: 16) ?? 0)
                i += 2
            }
            glyphs[character] = rows + [UInt8](repeating: 0, count: max(0, BitmapFont.rows - rows.count))
        }
        return glyphs
    }()

    static let missing: [UInt8] = [0x1F, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1F, 0, 0]

    static func glyph(_ c: Character) -> [UInt8] { glyphs[c] ?? missing }
}
