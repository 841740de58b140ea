namespace WitSharp.Wit.Tests;

/// <summary>What the parser and resolver build for each construct (checked through the public model).</summary>
public class ModelTests
{
    private static string Corpus(string name) => Path.Combine(TestWit.RepositoryRoot(), "tests", "Wit.Tests", "Corpus", "valid", name);

    private static WitResolution ResolveCorpus(string name)
    {
        var resolution = WitResolver.ResolvePath(Corpus(name));
        Assert.True(!resolution.HasErrors, string.Join("\n", resolution.Diagnostics));
        return resolution;
    }

    [Fact]
    public void PackageName_KeepsNamespaceNameAndFullSemver()
    {
        var package = ResolveCorpus("semver.wit").RootPackages.Single();
        Assert.Equal(("corpus", "semver", "1.0.0-rc.1+build.5"), (package.Name.Namespace, package.Name.Name, package.Name.Version));
        Assert.Equal("corpus:semver/i@1.0.0-rc.1+build.5", package.Interfaces[0].QualifiedName);
    }

    [Fact]
    public void EveryTypeConstructor_ResolvesToItsModelClass()
    {
        var compounds = ResolveCorpus("all-types.wit").RootPackages.Single().FindInterface("compounds")!;
        WitType Target(string name) => ((WitTypeAlias)compounds.FindType(name)!).Target;
        Assert.Equal(WitPrimitiveKind.U8, Assert.IsType<WitPrimitiveType>(Assert.IsType<WitListType>(Target("bytes")).Element).Kind);
        Assert.Equal(2, Assert.IsType<WitTupleType>(Target("pair")).Elements.Count);
        Assert.Single(Assert.IsType<WitTupleType>(Target("single")).Elements);
        Assert.IsType<WitOptionType>(Target("maybe"));
        var bare = Assert.IsType<WitResultType>(Target("bare-result"));
        Assert.Equal((null, null), (bare.Ok, bare.Error));
        var okOnly = Assert.IsType<WitResultType>(Target("ok-only"));
        Assert.NotNull(okOnly.Ok);
        Assert.Null(okOnly.Error);
        var errorOnly = Assert.IsType<WitResultType>(Target("error-only"));
        Assert.Null(errorOnly.Ok);
        Assert.NotNull(errorOnly.Error);
        var shape = Assert.IsType<WitVariantType>(compounds.FindType("shape"));
        Assert.Equal(["circle", "square", "empty", "polygon"], shape.Cases.Select(c => c.Name));
        Assert.Null(shape.Cases[2].Type);
        Assert.Equal(["read", "write", "execute"], Assert.IsType<WitFlagsType>(compounds.FindType("permissions")).Flags.Select(f => f.Name));
        Assert.Equal(["red", "green", "blue"], Assert.IsType<WitEnumType>(compounds.FindType("color")).Cases.Select(f => f.Name));
        var function = compounds.Functions.Single(f => f.Name == "take-everything");
        Assert.Equal(["a", "b", "c", "d", "e", "f", "g"], function.Parameters.Select(p => p.Name));
        Assert.Null(compounds.Functions.Single(f => f.Name == "returns-nothing").Result);
    }

    [Fact]
    public void Resources_ExpandConstructorsMethodsAndStatics()
    {
        var files = ResolveCorpus("resources.wit").RootPackages.Single().FindInterface("files")!;
        var file = Assert.IsType<WitResourceType>(files.FindType("file"));
        var constructor = file.Constructor!;
        Assert.Equal((WitFunctionKind.Constructor, "[constructor]file"), (constructor.Kind, constructor.CanonicalName));
        var owned = Assert.IsType<WitHandleType>(constructor.Result);
        Assert.Equal((WitHandleKind.Own, file), (owned.Kind, owned.Resource));

        var read = file.Functions.Single(f => f.Name == "read");
        Assert.Equal((WitFunctionKind.Method, "[method]file.read"), (read.Kind, read.CanonicalName));
        var self = read.Parameters[0];
        Assert.Equal("self", self.Name);
        Assert.Equal(WitHandleKind.Borrow, Assert.IsType<WitHandleType>(self.Type).Kind);

        Assert.Same(files, read.Owner);
        var merge = file.Functions.Single(f => f.Name == "merge");
        Assert.Equal((WitFunctionKind.Static, "[static]file.merge"), (merge.Kind, merge.CanonicalName));
        Assert.Equal(["a", "b"], merge.Parameters.Select(p => p.Name));

        var fallible = Assert.IsType<WitResourceType>(files.FindType("fallible"));
        Assert.IsType<WitResultType>(fallible.Constructor!.Result);
        Assert.Null(Assert.IsType<WitResourceType>(files.FindType("blob")).Constructor);

        // A bare resource name in a type position is an owned handle; through an alias it still names the resource.
        var open = files.Functions.Single(f => f.Name == "open");
        var openOk = Assert.IsType<WitResultType>(open.Result).Ok!;
        Assert.Same(file, Assert.IsType<WitHandleType>(openOk).Resource);
        var inspect = files.Functions.Single(f => f.Name == "inspect");
        Assert.Same(file, Assert.IsType<WitHandleType>(inspect.Parameters[0].Type).Resource);
    }

    [Fact]
    public void Worlds_MergeIncludesWithRenamesAndInlineInterfaces()
    {
        var resolution = ResolveCorpus("worlds.wit");
        var full = resolution.FindWorld("full", out _)!;
        Assert.Equal(
            ["corpus:worlds/shared@0.2.0", "host", "configure", "corpus:worlds/logging@0.2.0", "now"],
            full.Imports.Select(i => i.Key));
        Assert.Equal(["corpus:worlds/handler@0.2.0", "status", "start"], full.Exports.Select(e => e.Key));
        var host = Assert.IsType<WitWorldInterfaceItem>(full.Imports.Single(i => i.Key == "host"));
        Assert.Null(host.Interface.Name);
        Assert.Equal(["metadata"], host.Interface.Types.Select(t => t.Name));
        Assert.Equal(["meta", "counter", "options"], full.Types.Select(t => t.Name));
        Assert.Same(full, full.Types[1].Owner);
        var configure = ((WitWorldFunctionItem)full.Imports.Single(i => i.Key == "configure")).Function;
        Assert.Same(full, configure.Owner);
        Assert.Same(full.FindType("meta"), configure.Result);
    }

    [Fact]
    public void Includes_DeduplicateInterfaces_AndMayBeRepeatedByExplicitImports()
    {
        var world = ResolveCorpus("include-foreign-and-dedupe.wit").FindWorld("corpus:including/w", out _)!;
        Assert.Equal(["corpus:lib/api@1.0.0", "corpus:including/local"], world.Imports.Select(i => i.Key));
        Assert.Equal(["run"], world.Exports.Select(e => e.Key));
    }

    [Fact]
    public void ExportedInterfaces_ImportWhatTheyUse_UnlessExported()
    {
        var world = ResolveCorpus("export-dependencies.wit").FindWorld("w", out _)!;
        Assert.Equal(["corpus:exports/a"], world.Imports.Select(i => i.Key));
        Assert.Equal(["corpus:exports/b", "corpus:exports/c", "a2"], world.Exports.Select(i => i.Key));
    }

    [Fact]
    public void ImportedInterface_UsingAnExportedOne_ImportsItToo()
    {
        var world = ResolveCorpus("import-uses-exported-interface.wit").FindWorld("w", out _)!;
        Assert.Equal(["a:b/i", "a:b/j"], world.Imports.Select(i => i.Key));
        Assert.Equal(["a:b/i"], world.Exports.Select(i => i.Key));
    }

    [Fact]
    public void TransitiveUses_ImportEveryInterfaceInDependencyOrder()
    {
        var world = ResolveCorpus("transitive-use.wit").FindWorld("w", out _)!;
        Assert.Equal(["corpus:transitive/base", "corpus:transitive/middle", "corpus:transitive/top"], world.Imports.Select(i => i.Key));
        Assert.Equal([true, true, false], world.Imports.Cast<WitWorldInterfaceItem>().Select(i => i.IsImplicit));
        var top = ((WitWorldInterfaceItem)world.Imports[2]).Interface;
        var thing = Assert.IsType<WitTypeAlias>(top.FindType("thing"));
        Assert.True(thing.IsUse);
        Assert.Equal("base", Assert.IsType<WitRecordType>(thing.Unalias()).Owner.Name);
    }

    [Fact]
    public void WorldLevelResource_ImportsItsFunctions()
    {
        var world = ResolveCorpus("world-resources.wit").FindWorld("w", out _)!;
        Assert.Equal(["[constructor]counter", "[method]counter.increment", "make-counter"], world.Imports.Select(i => i.Key));
        Assert.Equal(["use-counter"], world.Exports.Select(e => e.Key));
        Assert.IsType<WitResourceType>(Assert.Single(world.Types));
    }

    [Fact]
    public void PlainNamedInterfaceImports_KeepTheirNames()
    {
        var world = ResolveCorpus("plain-named-interface.wit").FindWorld("w", out _)!;
        Assert.Equal(["primary", "secondary"], world.Imports.Select(i => i.Key));
        Assert.Equal("my-store", Assert.Single(world.Exports).Key);
        Assert.All(world.Imports.Concat(world.Exports), i => Assert.Equal("store", ((WitWorldInterfaceItem)i).Interface.Name));
    }

    [Fact]
    public void Gates_AreRecordedOnEveryItem_AndUnstableItemsAreLeftOut()
    {
        var package = ResolveCorpus("gates.wit").RootPackages.Single();
        var stable = package.FindInterface("stable")!;
        Assert.Equal("1.0.0", stable.Stability.Since);
        var retired = stable.Functions.Single(f => f.Name == "retired");
        Assert.Equal(("1.1.0", "1.2.0"), (retired.Stability.Since, retired.Stability.Deprecated));
        Assert.Equal("1.0.0", stable.FindType("r")!.Stability.Since);
        var world = package.FindWorld("w")!;
        Assert.Equal("1.0.0", world.Imports.Single().Stability.Since);

        // No feature is enabled, so, as in wit-parser by default, the items gated by @unstable(feature = shiny) are gone.
        Assert.Equal(["old", "retired"], stable.Functions.Select(f => f.Name));
        Assert.Empty(world.Exports);
    }

    [Fact]
    public void UnstableResourcesAndTheirFunctions_AreLeftOut()
    {
        var @interface = ResolveCorpus("unstable-resource-with-gated-functions.wit").RootPackages.Single().FindInterface("i")!;

        Assert.Empty(@interface.Types);
        Assert.Equal(["plain"], @interface.Functions.Select(f => f.Name));
    }

    [Fact]
    public void EnabledFeatures_KeepTheItemsTheyGate_AndOnlyThose()
    {
        var package = WitResolver.ResolvePath(Corpus("gates.wit"), ["shiny"]).RootPackages.Single();
        Assert.Equal(["old", "retired", "experimental"], package.FindInterface("stable")!.Functions.Select(f => f.Name));
        Assert.Equal("go", Assert.Single(package.FindWorld("w")!.Exports).Key);

        var @interface = WitResolver.ResolvePath(Corpus("unstable-resource-with-gated-functions.wit"), ["fancy"]).RootPackages.Single().FindInterface("i")!;
        var resource = Assert.IsType<WitResourceType>(Assert.Single(@interface.Types));
        Assert.NotNull(resource.Constructor);
        Assert.Equal(["m", "s"], resource.Functions.Select(f => f.Name));

        var other = WitResolver.ResolvePath(Corpus("gates.wit"), ["fancy"]).RootPackages.Single();
        Assert.Equal(["old", "retired"], other.FindInterface("stable")!.Functions.Select(f => f.Name));
    }

    [Fact]
    public void EnabledFeaturesNoGateNames_AreReported()
    {
        Assert.Equal(["shinny"], WitResolver.ResolvePath(Corpus("gates.wit"), ["shiny", "shinny"]).UnusedFeatures);
        Assert.Empty(WitResolver.ResolvePath(Corpus("gates.wit"), ["shiny"]).UnusedFeatures);
        Assert.Empty(WitResolver.ResolvePath(Corpus("gates.wit")).UnusedFeatures);
    }

    [Fact]
    public void StableItems_MayReferToItemsOfAnEnabledFeature()
    {
        const string Text = """
            package corpus:features@1.0.0;

            interface i {
                @unstable(feature = fancy)
                type t = u32;
                @since(version = 1.0.0)
                f: func(a: t);
            }

            world w {
                import i;
            }
            """;
        var sources = new[] { new WitSource("features.wit", Text) };

        var off = WitResolver.Resolve(sources);
        Assert.Equal("WIT0227", Assert.Single(off.Diagnostics).Id);

        var on = WitResolver.Resolve(sources, ["fancy"]);
        Assert.Empty(on.Diagnostics);
        var parameter = Assert.Single(Assert.Single(on.RootPackages.Single().FindInterface("i")!.Functions).Parameters);
        Assert.Equal("t", Assert.IsType<WitTypeAlias>(parameter.Type).Name);
    }

    [Fact]
    public void ATypeKeptByItsFeatureInsideAnInterfaceLeftOut_IsAnError()
    {
        var sources = new[] { new WitSource("kept.wit", """
            package corpus:kept@1.0.0;

            @unstable(feature = outer)
            interface i {
                @unstable(feature = inner)
                type t = u32;
            }
            """) };

        Assert.Empty(WitResolver.Resolve(sources).Diagnostics);
        Assert.Empty(WitResolver.Resolve(sources, ["inner", "outer"]).Diagnostics);
        var error = Assert.Single(WitResolver.Resolve(sources, ["inner"]).Diagnostics);
        Assert.Equal("WIT0228", error.Id);
        Assert.Equal((6, 10), (error.Location!.Line, error.Location.Column));
    }

    [Fact]
    public void DocComments_ReachTheModel()
    {
        var package = ResolveCorpus("docs.wit").RootPackages.Single();
        Assert.Equal("The package.", package.Docs);
        var documented = package.FindInterface("documented")!;
        Assert.Equal("An interface\nover two lines.", documented.Docs);
        var record = Assert.IsType<WitRecordType>(documented.FindType("r"));
        Assert.Equal("A block doc comment.", record.Docs);
        Assert.Equal("A field.", record.Fields[0].Docs);
        Assert.Null(documented.Functions.Single(f => f.Name == "f").Docs);
        Assert.Null(documented.Functions.Single(f => f.Name == "g").Docs);
        Assert.Equal("The import.", package.FindWorld("w")!.Imports.Single().Docs);
    }

    [Fact]
    public void EscapedKeywords_BecomePlainNames()
    {
        var package = ResolveCorpus("escaped-keywords.wit").RootPackages.Single();
        var @interface = package.FindInterface("interface")!;
        Assert.Equal(["type", "list", "plain"], Assert.IsType<WitRecordType>(@interface.FindType("record")).Fields.Select(f => f.Name));
        Assert.Equal("use", @interface.Functions.Single(f => f.Name == "func").Parameters[0].Name);
        Assert.Equal("export", package.FindWorld("world")!.Exports.Single().Key);
    }

    [Fact]
    public void NestedPackages_AreRootPackages_OrderedAfterTheirDependencies()
    {
        var resolution = ResolveCorpus("nested-packages.wit");
        Assert.Equal(["corpus:inner@0.1.0", "corpus:other", "corpus:outer"], resolution.Packages.Select(p => p.Name.ToString()));
        Assert.Equal(3, resolution.RootPackages.Count);
        var world = resolution.FindWorld("corpus:outer/w", out _)!;
        Assert.Equal(["corpus:inner/things@0.1.0", "corpus:outer/local", "corpus:other/more"], world.Imports.Select(i => i.Key));
    }

    [Fact]
    public void TopLevelUse_NamesInterfacesForTheFile()
    {
        var world = ResolveCorpus("top-level-use.wit").FindWorld("corpus:toplevel/w", out _)!;
        Assert.Equal(["corpus:dep/api@1.0.0", "corpus:toplevel/logging", "corpus:toplevel/consumer"], world.Imports.Select(i => i.Key));
    }

    [Fact]
    public void Folder_WithDeps_FormsOnePackagePlusDependencies()
    {
        var resolution = ResolveCorpus("multi-file");
        Assert.Equal("corpus:multi", resolution.RootPackages.Single().Name.ToString());
        Assert.Equal(["corpus:file-dep@2.0.0", "corpus:folder-dep", "corpus:multi"], resolution.Packages.Select(p => p.Name.ToString()).Order());
        Assert.Equal("corpus:multi", resolution.Packages[^1].Name.ToString());
        Assert.Equal(["in-a", "in-b"], resolution.RootPackages[0].Interfaces.Select(i => i.Name).Order());
    }

    [Fact]
    public void InMemorySources_GroupByFolderAndDeps()
    {
        var resolution = WitResolver.Resolve(
        [
            new WitSource(@"C:\proj\wit\main.wit", "package app:main;\nworld w { import lib:util/helpers@1.0.0; }"),
            new WitSource("C:/proj/wit/deps/util/helpers.wit", "package lib:util@1.0.0;\ninterface helpers { f: func(); }"),
        ]);
        Assert.True(!resolution.HasErrors, string.Join("\n", resolution.Diagnostics));
        Assert.Equal("app:main", resolution.RootPackages.Single().Name.ToString());
        Assert.Equal("lib:util/helpers@1.0.0", resolution.FindWorld("w", out _)!.Imports.Single().Key);
    }

    [Fact]
    public void ProjectBelowAFolderNamedDeps_IsStillARootPackage()
    {
        var resolution = WitResolver.Resolve(
        [
            new WitSource("/home/deps/project/wit/main.wit", "package app:main;\nworld w { import lib:util/helpers; }"),
            new WitSource("/home/deps/project/wit/deps/helpers.wit", "package lib:util;\ninterface helpers { f: func(); }"),
        ]);
        Assert.True(!resolution.HasErrors, string.Join("\n", resolution.Diagnostics));
        Assert.Equal("app:main", resolution.RootPackages.Single().Name.ToString());
        Assert.Equal(2, resolution.Packages.Count);
    }

    [Fact]
    public void FindWorld_ExplainsMissingAndAmbiguousNames()
    {
        var resolution = WitResolver.Resolve(
        [
            new WitSource("a/x.wit", "package a:x;\nworld w {}"),
            new WitSource("b/y.wit", "package b:y;\nworld w {}"),
        ]);
        Assert.Null(resolution.FindWorld("w", out var ambiguous));
        Assert.Equal("WIT0223", ambiguous!.Id);
        Assert.Contains("a:x/w", ambiguous.Message);
        Assert.Null(resolution.FindWorld("nope", out var missing));
        Assert.Equal("WIT0224", missing!.Id);
        Assert.NotNull(resolution.FindWorld("b:y/w", out _));
    }

    [Fact]
    public void FindWorld_WithoutVersion_PrefersTheUnversionedPackageOverItsVersions()
    {
        var resolution = WitResolver.Resolve(
        [
            new WitSource("app/main.wit", "package app:main;\nworld w { include dep:tools/cli; }"),
            new WitSource("app/deps/tools/tools.wit", "package dep:tools;\nworld cli {}"),
            new WitSource("app/deps/tools-1/tools.wit", "package dep:tools@1.0.0;\nworld cli {}"),
            new WitSource("app/deps/tools-2/tools.wit", "package dep:tools@2.0.0;\nworld cli {}\nworld only-two {}"),
        ]);
        Assert.False(resolution.HasErrors, string.Join("\n", resolution.Diagnostics));
        Assert.Equal("dep:tools/cli", resolution.FindWorld("dep:tools/cli", out _)!.QualifiedName);
        Assert.Equal("dep:tools/cli@1.0.0", resolution.FindWorld("dep:tools/cli@1.0.0", out _)!.QualifiedName);
        Assert.Equal("dep:tools/only-two@2.0.0", resolution.FindWorld("dep:tools/only-two", out _)!.QualifiedName);
    }

    [Fact]
    public void GatedOffWorldImports_NamingWorlds_AreDroppedUnresolved()
    {
        WitSource[] sources =
        [
            new("app/main.wit", "package app:main;\n\nworld host {\n    @unstable(feature = later)\n    import helper;\n    @unstable(feature = later)\n    export dep:tools/cli;\n    export run: func();\n}\n\nworld helper {}\n"),
            new("app/deps/tools/tools.wit", "package dep:tools;\n\nworld cli {}\n"),
        ];
        var off = WitResolver.Resolve(sources);
        Assert.False(off.HasErrors, string.Join("\n", off.Diagnostics));
        var host = off.FindWorld("host", out _)!;
        Assert.Empty(host.Imports);
        Assert.Equal(["run"], host.Exports.Select(e => ((WitWorldFunctionItem)e).Function.Name));

        var on = WitResolver.Resolve(sources, ["later"]);
        Assert.Equal(["WIT0226", "WIT0226"], on.Diagnostics.Select(d => d.Id));
    }

    [Fact]
    public void Locations_PointAtDeclarations()
    {
        var package = TestWit.ResolveValid("package a:b;\n\ninterface i {\n    record point { x: u32 }\n}");
        var location = package.Interfaces[0].FindType("point")!.Location;
        Assert.Equal(("pkg/test.wit", 4, 12, 5), (location.Path, location.Line, location.Column, location.Length));
    }
}
