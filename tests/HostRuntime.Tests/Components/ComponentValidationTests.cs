using WitSharp.HostRuntime.Components;
using WitSharp.HostRuntime.Tests.Components.Conformance;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// Invalid components that used to load (and then crash instantiation with untyped exceptions, or run with
/// canonical options the Canonical ABI needs missing) are rejected by <see cref="Component.FromBytes"/> with a
/// <see cref="ComponentFormatException"/> naming the rule. Inputs are component text (see <see cref="ComponentText"/>).
/// </summary>
public sealed class ComponentValidationTests
{
    private const string ModuleWithF = """(core module $m (func (export "f") (param i32 i32)) (memory (export "mem") 1) (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 0)) (func (export "nop")))""";

    public static TheoryData<string, string> InvalidComponents() => new()
    {
        {
            """(component (core module $m) (core instance $a (instantiate $m)) (core instance (instantiate $m (with "a" (instance $a)) (with "a" (instance $a)))))""",
            "duplicate core instantiate argument name 'a'"
        },
        {
            """(component (type $f (func)) (import "a" (instance (type $f))))""",
            "import \"a\" has type 0, which is a function type, not an instance type"
        },
        {
            """(component (type $i (instance)) (import "a" (func (type $i))))""",
            "import \"a\" has type 0, which is an instance type, not a function type"
        },
        {
            $$"""(component {{ModuleWithF}} (core instance $i (instantiate $m)) (func (export "f") (param "s" string) (canon lift (core func $i "f"))))""",
            "canonical option `memory` is required"
        },
        {
            $$"""(component {{ModuleWithF}} (core instance $i (instantiate $m)) (func (export "f") (param "s" string) (canon lift (core func $i "f") (memory (core memory $i "mem")))))""",
            "canonical option `realloc` is required"
        },
        {
            $$"""(component {{ModuleWithF}} (core instance $i (instantiate $m)) (func (export "f") (param "s" string) (canon lift (core func $i "f") (memory (core memory $i "mem")) (realloc (core func $i "nop")))))""",
            "realloc has core type () -> (), but must have (i32, i32, i32, i32) -> (i32)"
        },
        {
            $$"""(component {{ModuleWithF}} (core instance $i (instantiate $m)) (func (export "f") (param "x" u32) (param "y" u32) (canon lift (core func $i "f") (realloc (core func $i "realloc")))))""",
            "canonical option `realloc` requires `memory` to also be specified"
        },
        {
            $$"""(component {{ModuleWithF}} (core instance $i (instantiate $m)) (func (export "f") (param "x" u32) (canon lift (core func $i "f"))))""",
            "the lifted core function has core type (i32, i32) -> (), but must have (i32) -> ()"
        },
        {
            $$"""(component {{ModuleWithF}} (core instance $i (instantiate $m)) (func (export "f") (param "x" u32) (canon lift (core func $i "missing"))))""",
            "core instance 0 has no export named `missing`"
        },
        {
            $$"""(component {{ModuleWithF}} (core instance $i (instantiate $m)) (type $r (resource (rep i32) (dtor (core func $i "nop")))) (export "r" (type $r)))""",
            "resource destructor has core type () -> (), but must have (i32) -> ()"
        },
        {
            """(component (type $r (resource (rep i32))) (type (func (result (borrow $r)))))""",
            "function result cannot contain a `borrow` type"
        },
        {
            """(component (type (record (field "firstName" u32))))""",
            "record field name `firstName` is not in kebab case"
        },
        {
            """(component (import "getValue" (func)))""",
            "import name `getValue` is not in kebab case"
        },
        {
            """(component (import "value" (func)) (import "VALUE" (func)))""",
            "duplicate import name 'VALUE'"
        },
        {
            """(component (type $t u32) (instance (export "t" (type $t)) (export "T" (type $t))))""",
            "duplicate inline export name 'T'"
        },
        {
            """(component (core module $m (func (export "f"))) (core instance $i (instantiate $m)) (core instance (export "g" (func $i "f")) (export "g" (func $i "f"))))""",
            "duplicate core inline export name 'g'"
        },
        {
            """(component (import "host" (instance (export "run" (func)) (export "RUN" (func)))))""",
            "duplicate export name 'RUN'"
        },
        {
            """(component (core module (import "host" "log" (func)) (import "host" "log" (func))))""",
            "core module imports \"host\" \"log\" more than once"
        },
        {
            """(component (core type (module (export "f" (func)) (export "f" (func)))))""",
            "core module type exports `f` more than once"
        },
        {
            """(component (type $callback (func)) (type (list $callback)))""",
            "type index 0 is not a defined type"
        },
        {
            """(component (type $handle u32) (type (own $handle)))""",
            "type index 0 is not a resource type"
        },
        {
            $"(component (type $t0 u32) {string.Concat(Enumerable.Range(1, 101).Select(i => $"(type $t{i} (list $t{i - 1})) "))})",
            "type nesting is too deep"
        },
        {
            $"(component (type $t0 u32) {string.Concat(Enumerable.Range(1, 20).Select(i => $"(type $t{i} (tuple $t{i - 1} $t{i - 1})) "))})",
            "effective type size exceeds the limit of 1000000"
        },
        {
            """(component (type (instance (alias outer 1 0 (type)))))""",
            "outer alias names type index 0 out of range (0 defined so far)"
        },
        {
            """(component (type (component (alias outer 2 0 (type)))))""",
            "outer alias count 2 reaches past the outermost enclosing scope"
        },
        {
            """(component (type $t u32) (core func (canon resource.drop $t)))""",
            "canon resource.drop (canon 0) has type 0, which is a value type, not a resource type"
        },
        {
            """(component (import "a:b/c@1" (versionsuffix ".2.3") (func)))""",
            "`a:b/c@1`: only instances can have a `versionsuffix`"
        },
        {
            """(component (core type (module (import "host" "log" (func (type 0))))))""",
            "core module type import \"host\" \"log\": type index 0 out of bounds (0 defined so far)"
        },
        {
            """(component (core type (module (type (func)) (import "host" "mem" (memory 65537)))))""",
            "core module type import \"host\" \"mem\": memory size must be at most 65536 pages"
        },
        {
            // Count 0 names the module type's own (still empty) type space.
            """(component (core type (func)) (core type (module (alias outer 0 0 (type)))))""",
            "core module type: outer alias names core type index 0, out of bounds (0 defined so far)"
        },
        {
            """(component (core type (func)) (component (core type (module (alias outer 1 0 (type))))))""",
            "core module type: outer alias names core type index 0, out of bounds (0 defined so far)"
        },
        {
            """(component (core type (module (alias outer 1 0 (type)))))""",
            "core module type: outer alias names core type index 0, out of bounds (0 defined so far)"
        },
        {
            """(component (core type $callback (func)) (type (instance (export "m" (core module (type $callback))))))""",
            "export \"m\": core type index 0 is not a module type"
        },
        {
            """(component $outer (type $file (resource (rep i32))) (type $files (list (own $file))) (component (alias outer $outer $files (type))))""",
            "outer alias of type 2 into a nested component: the type transitively refers to resources not defined in the current component (a resource the enclosing component defines)"
        },
        {
            """(component $outer (import "file" (type $file (sub resource))) (type $api (instance (export "f" (type (eq $file))))) (component (type (component (alias outer $outer $api (type))))))""",
            "outer alias of type 1 into a nested component: the type transitively refers to resources not defined in the current component (a resource the enclosing component imports)"
        },
        {
            """(component (import "r" (type $r (sub resource))) (core func (canon resource.new $r)))""",
            "canon resource.new (canon 0) has type 0, which is imported (\"r\"), not a resource type this component defines"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidComponents))]
    public void Invalid_component_is_rejected_at_load_with_the_rule(string text, string problem)
    {
        if (!ComponentText.Available)
        {
            return; // component text needs jco's wasm-tools under .tools/; CI always has it.
        }

        ComponentText.AssertInvalidAtLoad(text, problem);
    }

    public static TheoryData<string, string> UnsupportedComponents() => new()
    {
        { """(component (import "v" (value string)))""", "value import or export" },
        { """(component (type (resource (rep i64))))""", "resource with an i64 representation (memory64)" },
        { """(component (core type (module (type (sub (func))))))""", "core GC type" },
        {
            """
            (component
              (core module $m (func (export "f") (param i32)))
              (core instance $i (instantiate $m))
              (type $rec (record (field "x" u32)))
              (instance $bag (export "t" (type $rec)))
              (alias export $bag "t" (type $aliased))
              (func (export "f") (param "r" $aliased) (canon lift (core func $i "f"))))
            """,
            "a function type naming a type aliased out of an instance this runtime does not model"
        },
    };

    [Theory]
    [MemberData(nameof(UnsupportedComponents))]
    public void Valid_component_outside_the_subset_is_rejected_as_unsupported(string text, string construct)
    {
        if (!ComponentText.Available)
        {
            return;
        }

        var binary = ComponentText.ToBinary(text);
        var error = Assert.Throws<UnsupportedComponentFeatureException>(() => Component.FromBytes(new Engine(), binary));

        Assert.Contains(construct, error.Construct, StringComparison.Ordinal);
    }

    [Fact]
    public void Core_start_function_may_create_handles_of_a_resource_the_component_never_exports()
    {
        if (!ComponentText.Available)
        {
            return;
        }

        var binary = ComponentText.ToBinary("""
            (component
              (type $counter (resource (rep i32)))
              (core func $new (canon resource.new $counter))
              (core func $rep (canon resource.rep $counter))
              (core module $m
                (import "" "new" (func $new (param i32) (result i32)))
                (import "" "rep" (func $rep (param i32) (result i32)))
                (func $start
                  (if (i32.ne (call $rep (call $new (i32.const 42))) (i32.const 42)) (then (unreachable))))
                (start $start))
              (core instance (instantiate $m (with "" (instance (export "new" (func $new)) (export "rep" (func $rep)))))))
            """);
        var engine = new Engine();

        var instance = new ComponentLinker(engine).Instantiate(new Store(engine), Component.FromBytes(engine, binary));

        Assert.Equal(42, instance.Resources.For("#resource0").Representation(1));
    }

    [Fact]
    public void Lift_with_the_options_its_signature_needs_loads()
    {
        if (!ComponentText.Available)
        {
            return;
        }

        var binary = ComponentText.ToBinary($$"""(component {{ModuleWithF}} (core instance $i (instantiate $m)) (func (export "f") (param "s" string) (canon lift (core func $i "f") (memory (core memory $i "mem")) (realloc (core func $i "realloc")))))""");

        Assert.Single(Component.FromBytes(new Engine(), binary).Signature.Exports);
    }
}
