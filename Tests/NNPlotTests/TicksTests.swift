import XCTest
@testable import NNPlot

/// Tick choice and labels, against what matplotlib 3.10 shows for the same limits.
final class TicksTests: XCTestCase {
    func testNiceStepsForTheDefaultNineBins() {
        // plt.plot(range(500)): x limits -24.95…523.95 (5% margins); matplotlib shows 0, 100, … 500.
        XCTAssertEqual(Ticks.locate(-24.95, 523.95, bins: 9), [0, 100, 200, 300, 400, 500])
        // The loss of the celsius exercise: 0 … 4000 in steps of 500.
        XCTAssertEqual(Ticks.locate(-150, 4300, bins: 9), [0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000])
        // An empty axes: 0.0, 0.2, … 1.0.
        XCTAssertEqual(Ticks.locate(0, 1, bins: 9).map { ($0 * 10).rounded() / 10 }, [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        // Steps of 2.5: limits 0…10 with 4 bins.
        XCTAssertEqual(Ticks.locate(0, 10, bins: 4), [0, 2.5, 5, 7.5, 10])
        // Negative ranges and fewer bins.
        XCTAssertEqual(Ticks.locate(-3.2, 3.2, bins: 3), [-2.5, 0, 2.5])
    }

    func testFewerBinsGiveWiderSteps() {
        XCTAssertEqual(Ticks.locate(-24.95, 523.95, bins: 3), [0, 200, 400])
        XCTAssertEqual(Ticks.locate(-24.95, 523.95, bins: 1), [0, 500])
    }

    func testDegenerateRangesAreWidened() {
        XCTAssertEqual(Ticks.nonsingular(0, 0).0, -0.05)
        XCTAssertEqual(Ticks.nonsingular(5, 5).0, 4.75)
        XCTAssertEqual(Ticks.nonsingular(5, 5).1, 5.25)
        XCTAssertEqual(Ticks.locate(.nan, 1, bins: 5), [])
        XCTAssertEqual(Ticks.locate(-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude, bins: 5), [])
    }

    func testLabelsUseJustEnoughDecimals() {
        XCTAssertEqual(Ticks.labels([0, 100, 200]).labels, ["0", "100", "200"])
        XCTAssertEqual(Ticks.labels([0, 0.2, 0.4]).labels, ["0.0", "0.2", "0.4"])
        XCTAssertEqual(Ticks.labels([0, 2.5, 5, 7.5]).labels, ["0.0", "2.5", "5.0", "7.5"])
        XCTAssertEqual(Ticks.labels([0.01, 0.015, 0.02]).labels, ["0.010", "0.015", "0.020"])
        XCTAssertEqual(Ticks.labels([-2, 0, 2]).labels, ["\u{2212}2", "0", "2"])
        let big = Ticks.labels([0, 2e6, 4e6])
        XCTAssertEqual(big.labels, ["0", "2", "4"])
        XCTAssertEqual(big.multiplier, "1e6")
    }
}
