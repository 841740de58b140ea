namespace WitSharp.Wit.Tests;

/// <summary>Bad input gives precise diagnostics, never exceptions.</summary>
public class DiagnosticsTests
{
    private static List<(string Id, int Line, int Column)> Errors(string text) =>
        TestWit.Resolve(text).Diagnostics.Select(d => (d.Id, d.Location!.Line, d.Location.Column)).ToList();

    [Fact]
    public void SyntaxErrors_InSeveralItems_AreAllReported()
    {
        var errors = Errors("""
            package a:b;
            interface i {
                f: func(a: u32;
                record r { a: }
                g: func();
                h: func() -> ;
            }
            world w {
                bogus;
                import i;
            }
            """);
        Assert.Equal([("WIT0100", 3, 19), ("WIT0100", 4, 19), ("WIT0100", 6, 18), ("WIT0100", 9, 5)], errors);
    }

    [Fact]
    public void RecoveredFile_StillResolvesItsOtherItems()
    {
        var resolution = TestWit.Resolve("package a:b;\ninterface i {\n    f: func(;\n    type t = strin;\n}\n");
        Assert.Equal(["WIT0100", "WIT0205"], resolution.Diagnostics.Select(d => d.Id));
        Assert.Contains("did you mean 'string'?", resolution.Diagnostics[1].Message);
    }

    [Fact]
    public void UnknownUseTargets_NameTheInterfaceAndSuggest()
    {
        var resolution = TestWit.Resolve("package a:b;\ninterface types { record entry { a: u32 } }\ninterface i {\n    use typs.{entry};\n    use types.{entri};\n}");
        Assert.Equal(["WIT0204", "WIT0209"], resolution.Diagnostics.Select(d => d.Id));
        Assert.Contains("'typs' is not defined in package 'a:b'; did you mean 'types'?", resolution.Diagnostics[0].Message);
        Assert.Contains("interface 'types' has no type named 'entri'; did you mean 'entry'?", resolution.Diagnostics[1].Message);
        Assert.Equal((4, 9), (resolution.Diagnostics[0].Location!.Line, resolution.Diagnostics[0].Location!.Column));
    }

    [Fact]
    public void UsedNamesThatFailed_AreNotReportedAgainWhereUsed()
    {
        var errors = Errors("package a:b;\ninterface i {\n    use nowhere.{t};\n    f: func(a: t) -> t;\n}");
        Assert.Equal([("WIT0204", 3, 9)], errors);
    }

    [Fact]
    public void CyclicAliases_AreReportedOnceAndResolutionEnds()
    {
        var errors = Errors("package a:b;\ninterface i {\n    type a = b;\n    type b = c;\n    type c = a;\n    f: func(x: a);\n}");
        Assert.Equal([("WIT0207", 5, 14)], errors);
    }

    [Fact]
    public void RecursiveRecordThroughList_IsACycle()
    {
        var diagnostic = TestWit.SingleError("package a:b;\ninterface i {\n    record node { children: list<node> }\n}");
        Assert.Equal("WIT0207", diagnostic.Id);
        Assert.Contains("node -> node", diagnostic.Message);
    }

    [Fact]
    public void ResourceReferringToItselfThroughHandles_IsNotACycle()
    {
        TestWit.ResolveValid("package a:b;\ninterface i {\n    resource r { next: func() -> option<r>; merge: static func(a: list<r>) -> r; }\n}");
    }

    [Fact]
    public void DuplicateNames_PointAtTheSecondDeclaration()
    {
        var resolution = TestWit.Resolve("package a:b;\ninterface i {\n    type t = u32;\n    type t = u64;\n}");
        var diagnostic = Assert.Single(resolution.Diagnostics);
        Assert.Equal(("WIT0206", 4, 10), (diagnostic.Id, diagnostic.Location!.Line, diagnostic.Location.Column));
        Assert.Equal("type 't' is defined more than once in interface 'i'", diagnostic.Message);
    }

    [Fact]
    public void KeywordAsName_SaysToEscapeIt()
    {
        var diagnostic = TestWit.SingleError("package a:b;\ninterface i {\n    record r { list: u32 }\n}");
        Assert.Equal("WIT0101", diagnostic.Id);
        Assert.Equal("'list' is a keyword: write '%list' to use it as a name", diagnostic.Message);
    }

    [Fact]
    public void EmptyFile_IsReported()
    {
        var diagnostic = TestWit.SingleError("   \n// only a comment\n");
        Assert.Equal(("WIT0005", 1, 1), (diagnostic.Id, diagnostic.Location!.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void EmptyFile_NextToAFileWithThePackageDeclaration_IsFine()
    {
        var resolution = WitResolver.Resolve([new WitSource("p/a.wit", "package a:b;\nworld w {}"), new WitSource("p/b.wit", "")]);
        Assert.Empty(resolution.Diagnostics);
    }

    [Fact]
    public void NoSources_IsADiagnosticNotAnException()
    {
        var resolution = WitResolver.Resolve([]);
        Assert.Equal("WIT0222", Assert.Single(resolution.Diagnostics).Id);
    }

    [Fact]
    public void TextWithReplacementCharacters_ReportsInvalidUtf8AtThePosition()
    {
        // This is what Roslyn hands over for a file whose bytes are not valid UTF-8.
        var resolution = TestWit.Resolve("package a:b;\nworld w {\n    import f: func(\uFFFD\uFFFD);\n}");
        var diagnostic = resolution.Diagnostics.First();
        Assert.Equal(("WIT0001", 3, 20, 2), (diagnostic.Id, diagnostic.Location!.Line, diagnostic.Location.Column, diagnostic.Location.Length));
    }

    [Fact]
    public void NonUtf8File_OnDisk_IsReportedNotThrown()
    {
        var directory = Directory.CreateTempSubdirectory("wit-utf8-");
        try
        {
            var path = Path.Combine(directory.FullName, "bad.wit");
            File.WriteAllBytes(path, [.. "package a:b;\n// caf"u8, 0xC3, 0x28, .. "\nworld w {}\n"u8]);
            var resolution = WitResolver.ResolvePath(directory.FullName);
            var diagnostic = Assert.Single(resolution.Diagnostics);
            Assert.Equal(("WIT0001", 2, 7), (diagnostic.Id, diagnostic.Location!.Line, diagnostic.Location.Column));
        }
        finally
        {
            directory.Delete(true);
        }
    }

    [Fact]
    public void ReplacementCharacterWrittenInAValidUtf8File_IsJustACharacter()
    {
        var directory = Directory.CreateTempSubdirectory("wit-utf8-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "ok.wit"), "package a:b;\n// a real \uFFFD in a comment\nworld w {}\n");
            Assert.Empty(WitResolver.ResolvePath(directory.FullName).Diagnostics);
        }
        finally
        {
            directory.Delete(true);
        }
    }

    [Fact]
    public void MissingPath_IsADiagnostic()
    {
        var resolution = WitResolver.ResolvePath(Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid(), "x.wit"));
        Assert.Contains(resolution.Diagnostics, d => d.Id == "WIT0007");
    }

    [Fact]
    public void ConflictingPackageDeclarations_InOneFolder_AreReported()
    {
        var resolution = WitResolver.Resolve([new WitSource("p/a.wit", "package a:b;"), new WitSource("p/b.wit", "package a:c;")]);
        var diagnostic = Assert.Single(resolution.Diagnostics);
        Assert.Equal(("WIT0201", "p/b.wit"), (diagnostic.Id, diagnostic.Location!.Path));
    }

    [Fact]
    public void DuplicatePackages_AreReported()
    {
        var resolution = WitResolver.Resolve([new WitSource("p/a.wit", "package a:b;"), new WitSource("q/a.wit", "package a:b;")]);
        Assert.Equal("WIT0202", Assert.Single(resolution.Diagnostics).Id);
    }

    [Fact]
    public void PackageCycle_ThroughDeps_IsReported()
    {
        var resolution = WitResolver.Resolve(
        [
            new WitSource("w/deps/x/x.wit", "package a:x;\ninterface i { use a:y/j.{t}; type u = u32; }"),
            new WitSource("w/deps/y/y.wit", "package a:y;\ninterface j { use a:x/i.{u}; type t = u32; }"),
        ]);
        Assert.Contains(resolution.Diagnostics, d => d.Id == "WIT0221");
    }

    [Fact]
    public void NotSupportedFeatures_AreReportedAtTheirExactSpan()
    {
        var resolution = TestWit.Resolve("package a:b;\ninterface i {\n    f: async func() -> stream<u8>;\n}");
        Assert.Equal([("WIT0105", 3, 8, 5), ("WIT0105", 3, 24, 10)], resolution.Diagnostics.Select(d => (d.Id, d.Location!.Line, d.Location.Column, d.Location.Length)));
        Assert.Equal("not supported yet by WitSharp: `async` functions", resolution.Diagnostics[0].Message);
    }

    [Fact]
    public void DiagnosticToString_LooksLikeACompilerMessage()
    {
        var diagnostic = TestWit.SingleError("package a:b;\ninterface i { type t = nope; }");
        Assert.Equal("pkg/test.wit(2,24): error WIT0205: 'nope' is not defined in interface 'i'", diagnostic.ToString());
    }

    [Fact]
    public void DeeplyNestedTypes_AreRejectedWithoutExhaustingTheStack()
    {
        var nested = string.Concat(Enumerable.Repeat("list<", 5000)) + "u8" + new string('>', 5000);
        var resolution = TestWit.Resolve($"package a:b;\ninterface i {{ type t = {nested}; }}");
        Assert.Contains(resolution.Diagnostics, d => d.Id == "WIT0112");
    }

    [Fact]
    public void VeryLongAliasChains_EndInADiagnosticOrAResult_NeverACrash()
    {
        var aliases = string.Concat(Enumerable.Range(0, 100_000).Select(i => $"type t{i} = t{i + 1};\n"));
        var resolution = TestWit.Resolve($"package a:b;\ninterface i {{\n{aliases}type t100000 = u8;\n}}");
        Assert.True(resolution.Diagnostics.Count == 0 || resolution.Diagnostics.Any(d => d.Id == "WIT0113"), string.Join("\n", resolution.Diagnostics.Take(3)));
    }

    [Fact]
    public void ManyUnexpectedCharacters_AreEachReported()
    {
        var resolution = TestWit.Resolve("package a:b;\n" + new string('$', 100_000));
        Assert.Equal(100_000, resolution.Diagnostics.Count(d => d.Id == "WIT0002"));
    }

    /// <summary>Every prefix and many corruptions of the valid corpus must resolve without throwing.</summary>
    [Fact]
    public void TruncatedAndCorruptedInput_NeverThrows()
    {
        var corpus = Path.Combine(TestWit.RepositoryRoot(), "tests", "Wit.Tests", "Corpus", "valid");
        var random = new Random(1234);
        const string noise = "{}()<>;:,.@/%-_=*\"\n x1";
        foreach (var file in Directory.GetFiles(corpus, "*.wit"))
        {
            var text = File.ReadAllText(file);
            for (var length = 0; length < text.Length; length += 3)
            {
                _ = WitResolver.Resolve([new WitSource("t/x.wit", text.Substring(0, length))]);
            }

            for (var i = 0; i < 150; i++)
            {
                var chars = text.ToCharArray();
                for (var edits = 0; edits < 3; edits++)
                {
                    chars[random.Next(chars.Length)] = noise[random.Next(noise.Length)];
                }

                var resolution = WitResolver.Resolve([new WitSource("t/x.wit", new string(chars))]);
                Assert.All(resolution.Diagnostics, d => Assert.False(string.IsNullOrEmpty(d.Message)));
            }
        }
    }
}
