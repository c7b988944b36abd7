import XCTest
@testable import NNFrame

/// The CSV reader on the awkward inputs of real course files, each read as pandas 2.2 reads it.
final class CSVReaderTests: XCTestCase {
    func read(_ text: String, _ configure: (inout CSVReader.Options) -> Void = { _ in }) throws -> DataFrame {
        var options = CSVReader.Options()
        configure(&options)
        return try CSVReader.read(text: text, options: options)
    }

    func testTypesAreInferred() throws {
        let df = try read("a,b,c,d,e\n1,1.5,x,True,\n2,2,y,False,\n")
        XCTAssertEqual(df.columns.map(\.type), [.int64, .float64, .object, .bool, .float64])
        XCTAssertEqual(df.columns[1].numbers, [1.5, 2])
        XCTAssertTrue(df.columns[4].numbers.allSatisfy(\.isNaN))
    }

    func testEmptyFieldsMakeFloatColumnsWithNaN() throws {
        let df = try read("x,y\n1,2\n,3\n4,\n")
        XCTAssertEqual(df.columns[0].type, .float64)
        XCTAssertTrue(df.columns[0].numbers[1].isNaN)
        XCTAssertEqual(df.columns[1].numbers[0], 2)
    }

    func testSpacesAfterCommasQuotesBOMAndNoFinalNewline() throws {
        // lemonade.csv writes "20, 40"; quoted numbers are numbers; a BOM does not reach the header.
        let df = try read("\u{FEFF}온도,판매량,\"이름\"\n20, 40,\"a, b\"\n\"21\", 42,\"say \"\"hi\"\"\"")
        XCTAssertEqual(df.columnNames, ["온도", "판매량", "이름"])
        XCTAssertEqual(df.columns[0].type, .int64)
        XCTAssertEqual(df.columns[0].numbers, [20, 21])
        XCTAssertEqual(df.columns[1].numbers, [40, 42])
        XCTAssertEqual(df.columns[2].texts, ["a, b", "say \"hi\""])
    }

    func testCRLFLineEnds() throws {
        let df = try read("a,b\r\n1,2\r\n3,4\r\n")
        XCTAssertEqual(df.rowCount, 2)
        XCTAssertEqual(df.columns[1].numbers, [2, 4])
    }

    func testOptions() throws {
        XCTAssertEqual(
            try read("1;2\n3;4\n") {
                $0.separator = ";"; $0.header = nil
            }.columnNames, ["0", "1"])
        XCTAssertEqual(
            try read("1,2\n3,4\n") {
                $0.header = nil; $0.names = ["x", "y"]
            }.columns[1].numbers, [2, 4])
        let indexed = try read("id,v\n10,1\n20,2\n") { $0.indexColumn = 0 }
        XCTAssertEqual(indexed.index, [10, 20])
        XCTAssertEqual(indexed.columnNames, ["v"])
        XCTAssertEqual(try read("a,b,c\n1,2,3\n") { $0.useColumns = ["c", "a"] }.columnNames, ["c", "a"])
    }

    func testMalformedInputNamesTheLine() {
        XCTAssertThrowsError(try read("a,b\n1,2\n3,4,5\n")) { error in
            XCTAssertEqual(
                (error as? FrameError)?.message, "Error tokenizing data. C error: Expected 2 fields in line 3, saw 3")
        }
        XCTAssertThrowsError(try read("a,b\n\"1,2\n")) { error in
            XCTAssertTrue(
                (error as? FrameError)?.message.hasPrefix("Error tokenizing data. C error: EOF inside string") ?? false)
        }
        XCTAssertThrowsError(try read(""))
    }
}

/// pandas' printing rules: float columns, truncation, index repr.
final class FrameFormatTests: XCTestCase {
    func testFloatColumnsTrimCommonZeros() {
        XCTAssertEqual(FrameFormat.floats([0.00632, 0.02731, 18.0]), [" 0.00632", " 0.02731", " 18.00000"])
        XCTAssertEqual(FrameFormat.floats([1.5, 2.0, .nan]), [" 1.5", " 2.0", "NaN"])
        XCTAssertEqual(FrameFormat.floats([3.0543624161073826, 2.5]), [" 3.054362", " 2.500000"])
        XCTAssertEqual(FrameFormat.floats([1e-7, 1.0]), [" 1.000000e-07", " 1.000000e+00"])
    }

    func testIndexReprWrapsAtEightyColumns() {
        XCTAssertEqual(FrameFormat.index(["온도", "판매량"]), "Index(['온도', '판매량'], dtype='object')")
        XCTAssertEqual(
            FrameFormat.index([
                "crim", "zn", "indus", "chas", "nox", "rm", "age", "dis", "rad", "tax", "ptratio", "b", "lstat", "medv",
            ]),
            "Index(['crim', 'zn', 'indus', 'chas', 'nox', 'rm', 'age', 'dis', 'rad', 'tax',\n       'ptratio', 'b', 'lstat', 'medv'],\n      dtype='object')"
        )
    }

    func testLongFramesShowFiveAndFiveRows() {
        let df = DataFrame(columns: [Column(name: "x", numbers: (0..<100).map(Double.init), type: .int64)])
        let lines = FrameFormat.frame(df).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 1 + 5 + 1 + 5 + 2)
        XCTAssertEqual(lines[6].trimmingCharacters(in: .whitespaces), ".. ...")
        XCTAssertEqual(lines.last, "[100 rows x 1 columns]")
    }
}
