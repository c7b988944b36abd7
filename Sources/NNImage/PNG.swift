import SystemPNG

/// PNG files through libpng: decoded to 8-bit pixels (rows of interleaved channels), and encoded.
public enum PNG {
    public struct Image: Equatable {
        public var pixels: [UInt8]
        public var height: Int, width: Int, channels: Int
        public init(pixels: [UInt8], height: Int, width: Int, channels: Int) {
            (self.pixels, self.height, self.width, self.channels) = (pixels, height, width, channels)
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The image's size and channel count without decoding it.
    public static func info(_ bytes: [UInt8]) throws -> (height: Int, width: Int, channels: Int) {
        var width: UInt32 = 0, height: UInt32 = 0, channels: Int32 = 0
        var message = [CChar](repeating: 0, count: 64)
        guard nn_png_info(bytes, bytes.count, &width, &height, &channels, &message) == 0 else {
            throw Failure(description: text(message))
        }
        return (Int(height), Int(width), Int(channels))
    }

    /// The pixels with the file's own channels, or with `channels` (1 to 4) converted as TensorFlow's
    /// decode_png converts them: alpha dropped (not blended) or added as opaque, grey repeated into
    /// RGB, and RGB to grey by libpng's weights 0.299, 0.587, 0.114 in 15-bit fixed point, truncated.
    public static func decode(_ bytes: [UInt8], channels wanted: Int? = nil) throws -> Image {
        let (height, width, native) = try info(bytes)
        var pixels = [UInt8](repeating: 0, count: height * width * native)
        var message = [CChar](repeating: 0, count: 64)
        guard nn_png_decode(bytes, bytes.count, Int32(native), &pixels, &message) == 0 else {
            throw Failure(description: text(message))
        }
        let image = Image(pixels: pixels, height: height, width: width, channels: native)
        guard let wanted, wanted != native else { return image }
        precondition((1...4).contains(wanted), "PNG images have 1 to 4 channels")
        return converted(image, to: wanted)
    }

    /// Pixels with another number of channels (1 grey, 2 grey and alpha, 3 RGB, 4 RGBA).
    public static func converted(_ image: Image, to channels: Int) -> Image {
        let from = image.channels, count = image.height * image.width
        var out = [UInt8](repeating: 255, count: count * channels)
        image.pixels.withUnsafeBufferPointer { p in
            for i in 0..<count {
                let at = i * from
                let grey: UInt8
                if from >= 3 {
                    let r = UInt32(p[at]), g = UInt32(p[at + 1]), b = UInt32(p[at + 2])
                    grey = UInt8((r * 9797 + g * 19234 + b * 3737) >> 15)
                } else {
                    grey = p[at]
                }
                let alpha: UInt8 = from == 2 || from == 4 ? p[at + from - 1] : 255
                let o = i * channels
                switch channels {
                case 1: out[o] = grey
                case 2: (out[o], out[o + 1]) = (grey, alpha)
                default:
                    if from >= 3 {
                        (out[o], out[o + 1], out[o + 2]) = (p[at], p[at + 1], p[at + 2])
                    } else {
                        (out[o], out[o + 1], out[o + 2]) = (grey, grey, grey)
                    }
                    if channels == 4 { out[o + 3] = alpha }
                }
            }
        }
        return Image(pixels: out, height: image.height, width: image.width, channels: channels)
    }

    public static func encode(_ image: Image) throws -> [UInt8] {
        precondition((1...4).contains(image.channels), "PNG images have 1 to 4 channels")
        precondition(image.pixels.count == image.height * image.width * image.channels)
        var message = [CChar](repeating: 0, count: 64)
        var size = nn_png_encoded_size(
            image.pixels, UInt32(image.width), UInt32(image.height), Int32(image.channels), &message)
        guard size > 0 else { throw Failure(description: text(message)) }
        var out = [UInt8](repeating: 0, count: size)
        guard
            nn_png_encode(
                image.pixels, UInt32(image.width), UInt32(image.height), Int32(image.channels), &out, &size, &message)
                == 0
        else { throw Failure(description: text(message)) }
        return Array(out[..<size])
    }

    /// A C message buffer as text (up to its terminating zero).
    static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
