import TemplateRuntime
import Testing

/// The overloads generated code calls, exercised the way the generator writes them.
@Suite struct TemplateRuntimeTests {
    private struct Row { let name: String; let flag: Bool; let note: String? }

    private func render(_ body: (inout HTMLBuffer) -> Void) -> String {
        var out = HTMLBuffer()
        body(&out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    @Test func escapesTheFiveCharactersUnlessRaw() {
        #expect(render { $0.write("<a href=\"x\">Tom & 'Jerry'</a> 中文") } == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt; 中文")
        #expect(render { $0.writeRaw("<b>") } == "<b>")
        #expect(render { $0.write(42); $0.write(1.5); $0.write(Optional<String>.none); $0.write(Optional("x")) } == "421.5x")
    }

    @Test func boolSectionKeepsTheEnclosingScope() {
        let row = Row(name: "a", flag: true, note: nil)
        #expect(render { out in TemplateRuntime.section(row.flag, row) { s in out.write(s.name) } } == "a")
        #expect(render { out in TemplateRuntime.section(false, row) { s in out.write(s.name) } } == "")
    }

    @Test func optionalSectionOpensTheWrappedValue() {
        #expect(render { out in TemplateRuntime.section(Optional("note"), 0) { s in out.write(s) } } == "note")
        #expect(render { out in TemplateRuntime.section(Optional<String>.none, 0) { s in out.write(s) } } == "")
    }

    @Test func arraySectionRepeatsPerItem() {
        let rows = [Row(name: "a", flag: false, note: "n"), Row(name: "b", flag: true, note: nil)]
        let html = render { out in
            TemplateRuntime.section(rows, 0) { s1 in
                out.write(s1.name)
                TemplateRuntime.section(s1.note, s1) { s2 in out.write(s2) }
            }
        }
        #expect(html == "anb")
    }

    @Test func stringSectionOpensTheStringItselfNotItsCharacters() {
        let text = "ab", empty = ""
        #expect(render { out in TemplateRuntime.section(text, 0) { s in out.write(s); out.append("|") } } == "ab|")
        #expect(render { out in TemplateRuntime.section(empty, 0) { _ in out.append("present") } } == "present")
    }

    @Test func invertedSections() {
        #expect(render { out in TemplateRuntime.inverted(false) { out.append("f") } } == "f")
        #expect(render { out in TemplateRuntime.inverted([Int]()) { out.append("e") } } == "e")
        #expect(render { out in TemplateRuntime.inverted([1]) { out.append("e") } } == "")
        #expect(render { out in TemplateRuntime.inverted(Optional<Int>.none) { out.append("n") } } == "n")
        #expect(render { out in TemplateRuntime.inverted("") { out.append("s") } } == "")
    }

    @Test func integersAreWrittenAsTheirDigitsAtEveryExtreme() {
        for value in [0, 7, -7, 10, 1_234_567_890, Int.max, Int.min] {
            #expect(render { out in out.write(value) } == String(value))
        }
        for value in [Int64.min, Int64.max, -1, 0] {
            #expect(render { out in out.writeRaw(value) } == String(value))
        }
    }
}
