// swift-tools-version:6.0
import PackageDescription

// The interpreter and the kernels touch class fields on every operation; the dynamic exclusivity
// checks on them cost a tenth of the run time or more (see scripts/bench), so release builds skip them.
let uncheckedExclusivity: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

// The numeric kernels are compiled for x86-64 with AVX2 and FMA (Haswell, 2013, and every later x86
// server), which doubles their speed; other architectures build with their defaults.
#if arch(x86_64)
let kernelSettings = uncheckedExclusivity + [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let kernelSettings = uncheckedExclusivity
#endif

let package = Package(
    name: "nn",
    products: [
        .executable(name: "nn", targets: ["nn"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
        // Zip archives (numpy's .npz files), over the system's zlib.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Text shared by the printers: decimal text of floats (the language, the array printer) and
        // terminal column widths (pandas' tables, terminal plots).
        .target(name: "NNFloatText"),
        // The Ctrl-C flag the language and the kernels both check.
        .target(name: "NNInterrupt"),
        // The language: lexer, parser, resolver, interpreter, values, built-ins, module registry.
        .target(
            name: "NNLang",
            dependencies: ["NNFloatText", "NNInterrupt", .product(name: "BigInt", package: "BigInt")],
            swiftSettings: uncheckedExclusivity
        ),
        // The numeric runtime: n-d arrays, dtypes, broadcasting, kernels, random, numpy-style printing.
        .target(name: "NNTensor", dependencies: ["NNFloatText", "NNInterrupt"], swiftSettings: kernelSettings),
        // The training runtime: layers, models, losses, metrics, optimizers, the fit loop, summary.
        .target(name: "NNKeras", dependencies: ["NNTensor"], swiftSettings: kernelSettings),
        // Tables: DataFrame, Series, the CSV reader, pandas-style printing.
        .target(name: "NNFrame", dependencies: ["NNTensor", "NNFloatText"]),
        // zlib from the system (Debian: zlib1g-dev), for PNG files.
        .systemLibrary(name: "SystemZlib", providers: [.apt(["zlib1g-dev"])]),
        // libarchive from the system (Debian: libarchive-dev), for the archives get_file extracts.
        .systemLibrary(name: "SystemArchive", providers: [.apt(["libarchive-dev"])]),
        // OpenSSL's libcrypto from the system (Debian: libssl-dev), for the file hashes Keras checks.
        .systemLibrary(name: "SystemCrypto", providers: [.apt(["libssl-dev"])]),
        // libpng from the system (Debian: libpng-dev), through its simplified interface.
        .systemLibrary(name: "SystemPNG", providers: [.apt(["libpng-dev"])]),
        // libjpeg-turbo's TurboJPEG interface from the system (Debian: libturbojpeg0-dev).
        .systemLibrary(name: "SystemJPEG", providers: [.apt(["libturbojpeg0-dev"])]),
        // Image files: PNG through libpng, JPEG through libjpeg-turbo.
        .target(name: "NNImage", dependencies: ["SystemPNG", "SystemJPEG"]),
        // Dataset files: TFRecord, tf.train.Example, TFDS's prepared folders and split strings.
        .target(name: "NNDatasets", dependencies: ["NNImage", "NNTensor"]),
        // FreeType from the system (Debian: libfreetype-dev), for text in PNG files.
        .systemLibrary(name: "SystemFreeType", pkgConfig: "freetype2", providers: [.apt(["libfreetype-dev"])]),
        // Plots: the figure model, tick choice, terminal, PNG and SVG renderers.
        .target(name: "NNPlot", dependencies: ["NNFloatText", "SystemZlib", "SystemFreeType"]),
        // The built-in modules as the language sees them (math, random, time, os.path, numpy; later pandas, tf).
        .target(
            name: "NNBindings",
            dependencies: [
                "NNLang", "NNTensor", "NNKeras", "NNFrame", "NNPlot", "NNImage", "NNDatasets", "SystemZlib", "SystemCrypto", "SystemArchive",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ], swiftSettings: uncheckedExclusivity),
        // GNU readline for the interactive session (Debian: libreadline-dev).
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        // Runners: scripts, notebooks, the interactive session.
        // Swift 5 mode: readline's interface is C global variables, which Swift 6 mode rejects.
        .target(name: "NNShell", dependencies: ["NNLang", "NNBindings", "CReadline"], swiftSettings: [.swiftLanguageMode(.v5)]),
        .executableTarget(name: "nn", dependencies: [
            "NNShell",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "NNLangTests", dependencies: ["NNLang", "NNBindings"]),
        .testTarget(name: "NNTensorTests", dependencies: ["NNTensor"]),
        .testTarget(name: "NNKerasTests", dependencies: ["NNKeras", "NNTensor"]),
        .testTarget(name: "NNFrameTests", dependencies: ["NNFrame"]),
        .testTarget(name: "NNPlotTests", dependencies: ["NNPlot", "NNImage", "SystemZlib"]),
        .testTarget(name: "NNImageTests", dependencies: ["NNImage"]),
        .testTarget(name: "NNDatasetsTests", dependencies: ["NNDatasets", "NNImage", "NNTensor"], exclude: ["Fixtures"]),
        .testTarget(name: "NNShellTests", dependencies: ["NNShell", "nn", "SystemZlib"]),
    ]
)
