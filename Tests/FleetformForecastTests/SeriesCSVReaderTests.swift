import Testing

@testable import FleetformForecast

@Suite struct SeriesCSVReaderTests {
    @Test func readsALongFormatPanelInOrderOfAppearance() throws {
        let text = "series_id,hour,gpus\nb,0,1\nb,1,2\na,5,7\r\na,6,8\n\n"
        let series = try SeriesCSVReader().read(text)
        #expect(series.map(\.id) == ["b", "a"])
        #expect(series[1].startHour == 5)
        #expect(series[1].values == [7, 8])
    }

    @Test func fillsGapsByInterpolationAndReportsThem() throws {
        let series = try SeriesCSVReader().read("hour,gpus\n3,1\n0,4\n4,2\n")
        #expect(series[0].values == [4, 3, 2, 1, 2])
        #expect(series[0].filledHours == [1, 2])
    }

    @Test func readsRFC3339AndEpochSeconds() throws {
        let rfc = try SeriesCSVReader(timeColumn: "ts", valueColumn: "v")
            .read("ts,v\n2025-03-01T00:00:00Z,1\n2025-03-01T03:30:00+01:00,2\n")
        // 03:30+01:00 is 02:30Z, hour 2 after midnight: hour 1 is filled.
        #expect(rfc[0].values == [1, 1.5, 2])
        #expect(rfc[0].startHour == 1_740_787_200 / 3600)
        let epoch = try SeriesCSVReader(timeColumn: "ts", valueColumn: "v").read("ts,v\n1740787200,1\n1740790800,3\n")
        #expect(epoch[0].startHour == 1_740_787_200 / 3600)
        #expect(epoch[0].values == [1, 3])
    }

    @Test func quotedFieldsMayHoldCommas() throws {
        let series = try SeriesCSVReader(idColumn: "name").read(
            "name,hour,value\n\"gpu, big\",0,1\n\"say \"\"hi\"\"\",0,2\n")
        #expect(series.map(\.id) == ["gpu, big", "say \"hi\""])
    }

    @Test func errorsNameLineAndColumn() {
        #expect(throws: ForecastError.badValue(line: 3, column: "gpus", text: "lots")) {
            try SeriesCSVReader().read("hour,gpus\n0,1\n1,lots\n")
        }
        #expect(throws: ForecastError.badTime(line: 2, column: "hour", text: "noon")) {
            try SeriesCSVReader().read("hour,gpus\nnoon,1\n")
        }
        #expect(throws: ForecastError.badRow(line: 2, fields: 1, expected: 2)) {
            try SeriesCSVReader().read("hour,gpus\n0\n")
        }
        #expect(throws: ForecastError.duplicateTime(line: 3, column: "hour", hour: 0, series: "series")) {
            try SeriesCSVReader().read("hour,gpus\n0,1\n0,2\n")
        }
        #expect(throws: ForecastError.self) { try SeriesCSVReader().read("") }
    }

    @Test func unknownColumnListsTheHeaderAndTheFlag() {
        do {
            _ = try SeriesCSVReader(valueColumn: "cpu").read("hour,gpus\n0,1\n")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description
                    == "line 1: column 'cpu': no such column in the header (columns: hour, gpus); pass --value-column with one of them"
            )
        }
    }

    @Test func quotedFieldsMayHoldLineBreaksAndLineNumbersFollowTheFile() throws {
        let text = "series_id,hour,gpus\r\n\"app\n0\",0,3\r\n\"app\n0\",1,4\n\"b \"\"x\"\"\",0,5\n"
        let series = try SeriesCSVReader().read(text)
        #expect(series.map(\.id) == ["app\n0", "b \"x\""])
        #expect(series.first?.values == [3, 4])
        // The bad record starts on the file's line 4: the quoted line breaks above count.
        let bad = "series_id,hour,gpus\n\"a\n1\",0,3\n\"a\n1\",1,oops\n"
        #expect {
            try SeriesCSVReader().read(bad)
        } throws: { error in
            (error as? ForecastError)?.line == 4
        }
    }
}
