using Microsoft.CodeAnalysis;

namespace WitSharp.WitGenerator.Tests;

/// <summary>
/// WIT shapes that once generated C# that did not compile (found by running the generator on outside WIT, see
/// <see cref="OutsideWitTests"/>), each reduced to a small world of our own: the bindings must compile without any
/// diagnostic, and the names and types a host uses must be the expected ones.
/// </summary>
public sealed class ShapeTests
{
    private static Compilation CompileClean(string wit, string world = "shapes")
    {
        var (output, diagnostics, _) = GeneratorHarness.Run(GeneratorHarness.WorldClass(world), new WitAdditionalText("/shapes/shapes.wit", "package test:shapes;\n\n" + wit));
        Assert.Empty(diagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        return output;
    }

    private static INamedTypeSymbol Type(Compilation compilation, string nested) =>
        compilation.GetTypeByMetadataName("Test.Bindings.World+" + nested) ?? throw new Xunit.Sdk.XunitException("no type World+" + nested);

    [Fact]
    public void A_variant_case_named_like_a_type_of_the_world_still_carries_that_type()
    {
        const string wit = """
            interface marks {
                record span { start: u32, end: u32 }
                variant mark { span(span), point(u32), none }
                next: func(m: mark) -> mark;
            }

            world shapes {
                import marks;
                export marks;
            }
            """;
        var compilation = CompileClean(wit);
        var payload = Type(compilation, "Mark+Span").InstanceConstructors.Single(c => c.Parameters.Length == 1 && c.Parameters[0].Name == "Value").Parameters[0].Type;
        Assert.Equal(Type(compilation, "Span"), payload);
    }

    [Fact]
    public void An_exported_resource_without_functions_of_its_own_can_be_dropped()
    {
        const string wit = """
            interface tokens {
                resource token;
                issue: func() -> token;
                check: func(t: borrow<token>) -> bool;
            }

            world shapes {
                export tokens;
            }
            """;
        var compilation = CompileClean(wit);
        Assert.Single(Type(compilation, "Token").GetMembers("Dispose"));
        Assert.Single(Type(compilation, "Exports+TokensExports").GetMembers("_instance"));
    }

    [Fact]
    public void A_fallible_constructor_of_an_exported_resource_is_a_static_Create_returning_the_result_unless_WIT_names_a_create()
    {
        const string wit = """
            interface parsing {
                resource parser {
                    constructor(grammar: string) -> result<parser, string>;
                    create: static func() -> parser;
                    parse: func(text: string) -> u32;
                }
            }

            world shapes {
                import parsing;
                export parsing;
            }
            """;
        var compilation = CompileClean(wit);
        var parser = Type(compilation, "Parser");
        // The WIT function create keeps its name; the generated Create of the fallible constructor gives way.
        var witCreate = parser.GetMembers("Create").OfType<IMethodSymbol>().Single();
        Assert.Equal("Parser", witCreate.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
        Assert.Equal(["exports"], witCreate.Parameters.Select(p => p.Name));
        var create = parser.GetMembers("Create2").OfType<IMethodSymbol>().Single();
        Assert.True(create.IsStatic);
        Assert.Equal("Result<Parser, string>", create.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
        Assert.Equal(["exports", "grammar"], create.Parameters.Select(p => p.Name));
        Assert.DoesNotContain(parser.InstanceConstructors, c => c.DeclaredAccessibility == Accessibility.Public);
        var hostCreate = Type(compilation, "IParsing").GetMembers("CreateParser").OfType<IMethodSymbol>().Single();
        Assert.Equal("Result<IParser, string>", hostCreate.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
    }

    [Fact]
    public void An_exported_interface_named_like_its_resource_keeps_both_names()
    {
        const string wit = """
            interface counter {
                resource counter {
                    constructor(start: u32);
                    add: func(by: u32) -> u32;
                    merge: static func(a: borrow<counter>, b: counter) -> counter;
                }
                total: func(all: list<borrow<counter>>) -> u64;
            }

            world shapes {
                export counter;
            }
            """;
        var compilation = CompileClean(wit);
        var property = Type(compilation, "Exports").GetMembers("Counter").OfType<IPropertySymbol>().Single();
        Assert.Equal(Type(compilation, "Exports+CounterExports"), property.Type);
        Assert.Equal(TypeKind.Class, Type(compilation, "Counter").TypeKind);
    }

    [Fact]
    public void A_type_named_like_an_export_proxy_keeps_its_name_and_the_proxy_is_numbered()
    {
        const string wit = """
            interface store {
                record store-exports { count: u32 }
                list-all: func(filter: store-exports) -> store-exports;
            }

            world shapes {
                export store;
            }
            """;
        var compilation = CompileClean(wit);
        Assert.Equal(TypeKind.Class, Type(compilation, "StoreExports").TypeKind);
        Assert.True(Type(compilation, "StoreExports").IsRecord);
        var method = Type(compilation, "Exports+StoreExports2").GetMembers("ListAll").OfType<IMethodSymbol>().Single();
        Assert.Equal(Type(compilation, "StoreExports"), method.ReturnType);
    }

    [Fact]
    public void Handles_of_a_resource_another_exported_interface_defines_go_through_that_interfaces_proxy()
    {
        const string wit = """
            interface handles {
                resource handle {
                    get: func() -> u32;
                }
            }

            interface tools {
                use handles.{handle};
                record bundle { items: list<handle>, first: option<handle> }
                make: func() -> handle;
                pack: func(b: bundle) -> bundle;
                inspect: func(h: borrow<handle>) -> u32;
            }

            world shapes {
                export handles;
                export tools;
            }

            world counting {
                use handles.{handle};
                export handles;
                export count: func(h: borrow<handle>) -> handle;
            }
            """;
        var wits = new WitAdditionalText("/shapes/shapes.wit", "package test:shapes;\n\n" + wit);
        var (output, diagnostics, run) = GeneratorHarness.Run(GeneratorHarness.WorldClass("shapes"), wits);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var field = Type(output, "Exports+ToolsExports").GetMembers("_HandlesExports").OfType<IFieldSymbol>().Single();
        Assert.Equal(Type(output, "Exports+HandlesExports"), field.Type);
        var source = GeneratorHarness.WorldSource(run);
        Assert.Contains("_HandlesExports = new Exports.HandlesExports(exports);", source);
        Assert.Contains("new Handle(_options.Resources.For(\"test:shapes/handles#handle\").RemoveOwned(", source);
        Assert.Contains("global::Test.Bindings.World.Handle._Borrow(h, _HandlesExports)", source);

        // The world's own functions see what the world imports: its `use` imports handles, so count takes and returns the
        // host's handle (wit-component encodes world-level functions with imported types), through the host's table.
        (output, diagnostics, run) = GeneratorHarness.Run(GeneratorHarness.WorldClass("counting"), wits);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var count = Type(output, "Exports").GetMembers("Count").OfType<IMethodSymbol>().Single();
        Assert.Equal(Type(output, "IHandle"), count.ReturnType);
        Assert.Equal(Type(output, "IHandle"), count.Parameters.Single().Type);
        Assert.Contains("_options.Resources.For(\"test:shapes/handles#handle\").Add(", GeneratorHarness.WorldSource(run));
        Assert.DoesNotContain("[export]", GeneratorHarness.WorldSource(run).Split("public IHandle Count(")[1].Split("/// <summary>")[0]);
        Assert.Empty(Type(output, "Exports").GetMembers("_HandlesExports"));
    }

    [Fact]
    public void A_type_named_wit_sharp_leaves_the_classs_WitWorld_attribute_resolvable()
    {
        const string wit = """
            interface vendor {
                record wit-sharp { version: u32 }
                current: func() -> wit-sharp;
            }

            world shapes {
                import vendor;
            }
            """;
        var compilation = CompileClean(wit);
        var current = Type(compilation, "IVendor").GetMembers("Current").OfType<IMethodSymbol>().Single();
        Assert.Equal(Type(compilation, "VendorWitSharp"), current.ReturnType);
    }

    [Fact]
    public void Resource_parameters_named_like_the_proxy_parameter_leave_it_a_free_name()
    {
        const string wit = """
            interface pools {
                resource pool {
                    constructor(exports: u32, resource-exports: u32);
                    join: static func(exports: borrow<pool>, exports2: u32) -> pool;
                }
            }

            world shapes {
                export pools;
            }
            """;
        var compilation = CompileClean(wit);
        var pool = Type(compilation, "Pool");
        Assert.Equal(["exports2", "exports", "resourceExports"], pool.InstanceConstructors.Single(c => c.DeclaredAccessibility == Accessibility.Public).Parameters.Select(p => p.Name));
        Assert.Equal(["exports3", "exports", "exports2"], pool.GetMembers("Join").OfType<IMethodSymbol>().Single().Parameters.Select(p => p.Name));
    }

    [Fact]
    public void A_record_or_variant_holding_a_resource_both_imported_and_exported_has_a_type_for_each_side()
    {
        const string wit = """
            interface files {
                resource file {
                    read: func() -> list<u8>;
                }
                record entry { f: file, name: string }
                variant slot { empty, held(entry), lent(borrow<file>) }
                first: func(e: entry, s: slot) -> option<entry>;
            }

            world shapes {
                import files;
                export files;
            }
            """;
        var compilation = CompileClean(wit);
        IMethodSymbol First(string type) => Type(compilation, type).GetMembers("First").OfType<IMethodSymbol>().Single();
        ITypeSymbol FileOf(ITypeSymbol entry) => entry.GetMembers("F").OfType<IPropertySymbol>().Single().Type;

        var host = First("IFiles");
        Assert.Equal([Type(compilation, "Entry"), Type(compilation, "Slot")], host.Parameters.Select(p => p.Type));
        Assert.Equal(Type(compilation, "IFile"), FileOf(Type(compilation, "Entry")));
        Assert.Equal(Type(compilation, "Entry"), Type(compilation, "Slot+Held").GetMembers("Value").OfType<IPropertySymbol>().Single().Type);

        var component = First("Exports+FilesExports");
        Assert.Equal([Type(compilation, "ExportedEntry"), Type(compilation, "ExportedSlot")], component.Parameters.Select(p => p.Type));
        Assert.Equal(Type(compilation, "File"), FileOf(Type(compilation, "ExportedEntry")));
        Assert.Equal(Type(compilation, "File"), Type(compilation, "ExportedSlot+Lent").GetMembers("Value").OfType<IPropertySymbol>().Single().Type);
        Assert.Equal("ExportedEntry?", component.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
    }

    [Fact]
    public void A_WIT_type_keeps_its_name_when_the_component_side_of_another_would_take_it()
    {
        // exported-entry is the user's own record; the component's side of entry must not take its name.
        const string wit = """
            interface files {
                resource file {
                    read: func() -> list<u8>;
                }
                record entry { f: file, name: string }
                record exported-entry { size: u64 }
                first: func(e: entry, extra: exported-entry) -> u64;
            }

            world shapes {
                import files;
                export files;
            }
            """;
        var compilation = CompileClean(wit);
        Assert.Single(Type(compilation, "ExportedEntry").GetMembers("Size"));
        Assert.Empty(Type(compilation, "ExportedEntry").GetMembers("F"));
        var component = Type(compilation, "Exports+FilesExports").GetMembers("First").OfType<IMethodSymbol>().Single();
        Assert.Equal(Type(compilation, "File"), component.Parameters[0].Type.GetMembers("F").OfType<IPropertySymbol>().Single().Type);
        Assert.Equal(Type(compilation, "ExportedEntry"), component.Parameters[1].Type);
    }
}
