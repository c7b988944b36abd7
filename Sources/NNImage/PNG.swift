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
            throw Failure(description: String(cString: message))
        }
        return (Int(height), Int(width), Int(channels))
    }

    /// The pixels with the file's own channels, or with `channels` (1 to 4) converted as libpng does.
    public static func decode(_ bytes: [UInt8], channels wanted: Int? = nil) throws -> Image {
        let (height, width, native) = try info(bytes)
        let channels = wanted ?? native
        precondition((1...4).contains(channels), "PNG images have 1 to 4 channels")
        var pixels = [UInt8](repeating: 0, count: height * width * channels)
        var message = [CChar](repeating: 0, count: 64)
        guard nn_png_decode(bytes, bytes.count, Int32(channels), &pixels, &message) == 0 else {
            throw Failure(description: String(cString: message))
        }
        return Image(pixels: pixels, height: height, width: width, channels: channels)
    }

    public static func encode(_ image: Image) throws -> [UInt8] {
        precondition((1...4).contains(image.channels), "PNG images have 1 to 4 channels")
        precondition(image.pixels.count == image.height * image.width * image.channels)
        var message = [CChar](repeating: 0, count: 64)
        var size = nn_png_encoded_size(
            image.pixels, UInt32(image.width), UInt32(image.height), Int32(image.channels), &message)
        guard size > 0 else { throw Failure(description: String(cString: message)) }
        var out = [UInt8](repeating: 0, count: size)
        guard
            nn_png_encode(
                image.pixels, UInt32(image.width), UInt32(image.height), Int32(image.channels), &out, &size, &message)
                == 0
        else { throw Failure(description: String(cString: message)) }
        return Array(out[..<size])
    }
}
