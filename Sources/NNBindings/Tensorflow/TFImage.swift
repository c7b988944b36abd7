import Foundation
import NNImage
import NNLang
import NNTensor

/// A file's bytes as TensorFlow's scalar string tensor (`tf.io.read_file`), which the image
/// decoders take.
final class PyTFStringTensor: PyObject {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    static let pyType: PyType = {
        var m = Members("Tensor", style: .python(countsSelf: true))
        m.property("shape", "() for a scalar string.") { _, _ in .object(PyTensorShape([])) }
        m.property("dtype", "tf.string.") { _, _ in .string("tf.string") }
        let t = PyType("EagerTensor", base: TFTypes.tensor, members: m.table)
        t.moduleName = "tensorflow.python.framework.ops"
        return t
    }()
    override var type: PyType { PyTFStringTensor.pyType }
    override func repr(_ interp: Interpreter) throws -> String {
        let shown = bytes.prefix(32).map { b -> String in
            b >= 0x20 && b < 0x7F && b != 0x27 && b != 0x5C ? String(UnicodeScalar(b)) : String(format: "\\x%02x", b)
        }.joined()
        return "<tf.Tensor: shape=(), dtype=string, numpy=b'\(shown)\(bytes.count > 32 ? "..." : "")'>"
    }
}

/// `tf.io` (read_file, the image decoders) and `tf.image` (the decoders again, resize).
enum TFImage {
    static func install(_ tf: inout ModuleBuilder, _ session: KerasSession) {
        var io = ModuleBuilder("tensorflow.io", style: .python(countsSelf: false))
        var image = ModuleBuilder("tensorflow.image", style: .python(countsSelf: false))
        io.def("read_file(filename, name=None)  A file's bytes, as a string tensor.", refusing: ["name"]) { a, _ in
            .object(PyTFStringTensor(try FileMethods.contents(try Conversions.path(a["filename"]))))
        }
        for module in [0, 1] {
            func def(
                _ declaration: String, refusing: Set<String> = [],
                _ body: @escaping (Bound, Interpreter) throws -> Value
            ) {
                if module == 0 {
                    io.def(declaration, refusing: refusing, body)
                } else {
                    image.def(declaration, refusing: refusing, body)
                }
            }
            def(
                """
                decode_png(contents, channels=0, dtype=None, name=None)  A PNG file's pixels as a uint8 tensor \
                (height, width, channels).
                channels: 0 for the file's own, or 1 (grey), 2, 3 (RGB), 4 (RGBA).
                """, refusing: ["dtype", "name"]
            ) { a, _ in try decoded(a, png: true, session) }
            def(
                """
                decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False, \
                acceptable_fraction=1, dct_method='', name=None)  A JPEG file's pixels as a uint8 tensor (height, width, channels).
                channels: 0 for the file's own, or 1 (grey) or 3 (RGB).
                """,
                refusing: [
                    "ratio", "fancy_upscaling", "try_recover_truncated", "acceptable_fraction", "dct_method", "name",
                ]
            ) { a, _ in try decoded(a, png: false, session) }
            def(
                """
                decode_image(contents, channels=None, dtype=None, name=None, expand_animations=True)  A PNG or \
                JPEG file's pixels (the kind read from its first bytes) as a uint8 tensor.
                """, refusing: ["dtype", "name", "expand_animations"]
            ) { a, _ in try decoded(a, png: nil, session) }
        }
        image.def(
            """
            resize(images, size, method='bilinear', preserve_aspect_ratio=False, antialias=False, name=None)  \
            Images (height, width, channels), or a batch of them, resized to size = (height, width), as float32.
            method: 'bilinear' or 'nearest', with TensorFlow 2's half-pixel centres.
            """, refusing: ["preserve_aspect_ratio", "antialias", "name"]
        ) { a, interp in
            let images = try TFConvert.array(a["images"])
            let size = try interp.collect(a["size"]).map { try Conversions.int($0) }
            guard size.count == 2, size.allSatisfy({ $0 > 0 }) else {
                throw ScriptError(.valueError, "'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
            }
            let method = try Conversions.string(a["method"], "method must be a str")
            guard method == "bilinear" || method == "nearest" else {
                throw ScriptError(.notImplementedError, "nn resizes with method='bilinear' or 'nearest', for now")
            }
            guard images.ndim == 3 || images.ndim == 4 else {
                throw ScriptError(.valueError, "'images' must have either 3 or 4 dimensions.")
            }
            let out = resize(images, height: size[0], width: size[1], nearest: method == "nearest")
            // Nearest keeps the images' dtype, as TensorFlow's; bilinear gives float32.
            return .object(PyTFTensor(method == "nearest" ? out.astype(images.dtype) : out, session))
        }
        tf.members["io"] = .object(io.build())
        tf.members["image"] = .object(image.build())
    }

    /// The bytes a decoder was given: a string tensor from read_file.
    static func contents(_ v: Value) throws -> [UInt8] {
        guard case .object(let s as PyTFStringTensor) = v else {
            throw ScriptError(.typeError, "the image decoders take the string tensor tf.io.read_file gives")
        }
        return s.bytes
    }

    static func decoded(_ a: Bound, png: Bool?, _ session: KerasSession) throws -> Value {
        let bytes = try contents(a["contents"])
        let channels = a["channels"].isNone ? 0 : try a.int("channels")
        guard (0...4).contains(channels) else { throw ScriptError(.valueError, "channels must be 0, 1, 2, 3 or 4") }
        let isPNG = png ?? !JPEG.isJPEG(bytes)
        let image: PNG.Image
        do {
            if isPNG {
                image = try PNG.decode(bytes, channels: channels == 0 ? nil : channels)
            } else {
                guard channels != 2 && channels != 4 else {
                    throw TFTypes.invalidArgument("channels must be 0, 1, or 3 for JPEG, got \(channels)")
                }
                image = try JPEG.decode(bytes, channels: channels == 0 ? nil : channels)
            }
        } catch let e as PNG.Failure {
            throw TFTypes.invalidArgument("\(isPNG ? "PNG" : "JPEG") could not be decoded: \(e.description)")
        }
        return .object(
            PyTFTensor(
                NDArray(
                    image.pixels.map(Double.init), shape: [image.height, image.width, image.channels], dtype: .uint8),
                session))
    }

    /// TensorFlow 2's resize: each output pixel's centre mapped back into the input (half-pixel
    /// centres), then the nearest pixel or the bilinear blend of the four around it.
    static func resize(_ images: NDArray, height: Int, width: Int, nearest: Bool) -> NDArray {
        let batched = images.ndim == 4
        let shape = batched ? images.shape : [1] + images.shape
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let data = images.elements
        var out = [Double](repeating: 0, count: n * height * width * c)
        let sy = Double(h) / Double(height), sx = Double(w) / Double(width)
        func weights(_ o: Int, _ scale: Double, _ size: Int) -> (Int, Int, Double) {
            let position = (Double(o) + 0.5) * scale - 0.5, floor = position.rounded(.down)
            return (max(Int(floor), 0), min(Int(position.rounded(.up)), size - 1), position - floor)
        }
        for b in 0..<n {
            for y in 0..<height {
                let (y0, y1, fy) = weights(y, sy, h)
                let ny = min(Int(((Double(y) + 0.5) * sy).rounded(.down)), h - 1)
                for x in 0..<width {
                    let (x0, x1, fx) = weights(x, sx, w)
                    let nx = min(Int(((Double(x) + 0.5) * sx).rounded(.down)), w - 1)
                    for k in 0..<c {
                        func at(_ yy: Int, _ xx: Int) -> Double { data[((b * h + yy) * w + xx) * c + k] }
                        let o = ((b * height + y) * width + x) * c + k
                        if nearest {
                            out[o] = at(ny, nx)
                        } else {
                            let top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * fx
                            let bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * fx
                            out[o] = top + (bottom - top) * fy
                        }
                    }
                }
            }
        }
        return NDArray(out, shape: batched ? [n, height, width, c] : [height, width, c], dtype: .float32)
    }
}
