import SystemJPEG

/// JPEG files through libjpeg-turbo: decoded to 8-bit grey or RGB pixels, and encoded.
public enum JPEG {
    public static func info(_ bytes: [UInt8]) throws -> (height: Int, width: Int, channels: Int) {
        var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
        var message = [CChar](repeating: 0, count: 64)
        guard nn_jpeg_info(bytes, UInt(bytes.count), &width, &height, &channels, &message) == 0 else {
            throw PNG.Failure(description: PNG.text(message))
        }
        return (Int(height), Int(width), Int(channels))
    }

    /// The pixels with the file's channels (1 or 3), or with `channels` (1 grey, 3 RGB).
    public static func decode(_ bytes: [UInt8], channels wanted: Int? = nil) throws -> PNG.Image {
        let (height, width, native) = try info(bytes)
        let channels = wanted ?? native
        precondition(channels == 1 || channels == 3, "JPEG pixels are grey or RGB")
        var pixels = [UInt8](repeating: 0, count: height * width * channels)
        var message = [CChar](repeating: 0, count: 64)
        guard
            nn_jpeg_decode(bytes, UInt(bytes.count), Int32(channels), &pixels, Int32(width), Int32(height), &message)
                == 0
        else { throw PNG.Failure(description: PNG.text(message)) }
        return PNG.Image(pixels: pixels, height: height, width: width, channels: channels)
    }

    public static func encode(_ image: PNG.Image, quality: Int = 95) throws -> [UInt8] {
        precondition(image.channels == 1 || image.channels == 3, "JPEG pixels are grey or RGB")
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        var message = [CChar](repeating: 0, count: 64)
        guard
            nn_jpeg_encode(
                image.pixels, Int32(image.width), Int32(image.height), Int32(image.channels), Int32(quality), &out,
                &size, &message) == 0, let out
        else { throw PNG.Failure(description: PNG.text(message)) }
        defer { nn_jpeg_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(size)))
    }

    /// Whether the bytes begin as a JPEG file does (FF D8 FF).
    public static func isJPEG(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0xFF, 0xD8, 0xFF]) }
}
