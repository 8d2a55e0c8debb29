// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "briefgen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "briefgen", targets: ["briefgen"]),
        .library(name: "BriefgenCore", targets: ["BriefgenCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(name: "CommonMark", dependencies: ["CCmark"]),
        .target(
            name: "BriefgenCore",
            dependencies: [
                "CommonMark",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "briefgen",
            dependencies: [
                "BriefgenCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "CommonMarkTests", dependencies: ["CommonMark"]),
        .testTarget(name: "BriefgenCoreTests", dependencies: ["BriefgenCore", "CommonMark"]),
        .testTarget(
            name: "briefgenTests",
            dependencies: ["briefgen"],
            resources: []
        ),
    ],
    swiftLanguageModes: [.v6]
)
