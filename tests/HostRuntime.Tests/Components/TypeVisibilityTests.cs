using WitSharp.HostRuntime.Components;
using WitSharp.HostRuntime.Tests.Components.Conformance;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>
/// The naming rule for imports and exports: a record, variant, enum, flags or resource type an import or export
/// reaches must itself be imported (or, for exports, exported) first, by the very type index that import or export
/// introduced. Inputs are component text (see <see cref="ComponentText"/>).
/// </summary>
public sealed class TypeVisibilityTests
{
    private const string LiftableModule = """(core module $m (func (export "take") (param i32)) (func (export "give") (result i32) (i32.const 0))) (core instance $i (instantiate $m))""";

    public static TheoryData<string, string> Unnamed() => new()
    {
        {
            """(component (type $point (record (field "x" u32))) (type $line (record (field "from" $point))) (export "line" (type $line)))""",
            "type not valid to be used as export (\"line\"): it refers to a record (type 0) that has no name in this context"
        },
        {
            """(component (type $colour (enum "red")) (type $palette (list $colour)) (export "palette" (type $palette)))""",
            "type not valid to be used as export (\"palette\"): it refers to an enum (type 0)"
        },
        {
            """(component (type $point (record (field "x" u32))) (import "distance" (func (param "p" $point))))""",
            "func not valid to be used as import (\"distance\"): parameter \"p\" refers to a record (type 0) that has no name in this context"
        },
        {
            // The export names the new index, not the definition the function still uses.
            $$"""(component {{LiftableModule}} (type $file (resource (rep i32))) (export "file" (type $file)) (func $open (result (own $file)) (canon lift (core func $i "give"))) (export "open" (func $open)))""",
            "func not valid to be used as export (\"open\"): the result refers to a resource (type 0) that has no name in this context"
        },
        {
            // An exported name does not serve imports.
            """(component (type $point (record (field "x" u32))) (export $named "point" (type $point)) (import "origin" (func (result $named))))""",
            "func not valid to be used as import (\"origin\"): the result refers to a record (type 1)"
        },
        {
            """(component (type $flags (flags "read")) (instance $bag (export "mode" (type $flags)) (export "modes" (type $flags))) (type $pair (tuple $flags)) (instance $outer (export "pair" (type $pair))) (export "outer" (instance $outer)))""",
            "instance not valid to be used as export (\"outer\"): instance export \"pair\": it refers to a flags type (type 0)"
        },
        {
            """(component (import "api" (instance (type $point (record (field "x" u32))) (export "origin" (func (result $point))))))""",
            "instance not valid to be used as import (\"api\"): instance export \"origin\": the result refers to a record (type 0)"
        },
        {
            // A name given in the enclosing component confers none inside a nested one.
            """(component (type $point (record (field "x" u32))) (import "point" (type $named (eq $point))) (component (import "origin" (func (result $named)))))""",
            "func not valid to be used as import (\"origin\"): the result refers to a record (type 0)"
        },
        {
            """(component (type (component (type $point (record (field "x" u32))) (export "origin" (func (result $point))))))""",
            "component type export \"origin\": func not valid to be used as export: the result refers to a record (type 0)"
        },
    };

    [Theory]
    [MemberData(nameof(Unnamed))]
    public void Import_or_export_reaching_an_unnamed_type_is_rejected(string text, string problem)
    {
        if (!ComponentText.Available)
        {
            return; // component text needs jco's wasm-tools under .tools/; CI always has it.
        }

        ComponentText.AssertInvalidAtLoad(text, problem);
    }

    public static TheoryData<string, string> BadlyAnnotated() => new()
    {
        {
            """(component (import "file" (type $file (sub resource))) (import "[constructor]file" (func (result u32))))""",
            "import name `[constructor]file` is not valid: function should return `(own $T)` or `(result (own $T))`"
        },
        {
            """(component (import "file" (type $file (sub resource))) (import "[constructor]file" (func)))""",
            "function should return one value"
        },
        {
            """(component (import "file" (type $file (sub resource))) (import "dir" (type $dir (sub resource))) (import "[constructor]file" (func (result (own $dir)))))""",
            "function does not match expected resource name `dir`"
        },
        {
            """(component (import "file" (type $file (sub resource))) (import "[method]file.read" (func (param "this" (borrow $file)))))""",
            "function should have a first argument called `self`"
        },
        {
            """(component (import "file" (type $file (sub resource))) (import "[method]file.read" (func (param "self" (own $file)))))""",
            "function should take a first argument of `(borrow $T)`"
        },
        {
            """(component (import "file" (type $file (sub resource))) (import "[method]file.read" (func)))""",
            "function should have at least one argument"
        },
        {
            """(component (import "file" (type $file (sub resource))) (import "[static]dir.open" (func)))""",
            "static resource name is not known in this context"
        },
        {
            """(component (import "file" (type $file (sub resource))) (import "[static]file.open" (type (eq $file))))""",
            "item is not a func"
        },
        {
            // The resource has its name only inside the instance, not in the component.
            """(component (type $api (instance (export "file" (type (sub resource))))) (import "api" (instance $api (type $api))) (alias export $api "file" (type $file)) (import "[method]file.read" (func (param "self" (borrow $file)))))""",
            "resource used in function does not have a name in this context"
        },
        {
            """(component (type (instance (export "file" (type $file (sub resource))) (export "[constructor]dir" (func (result (own $file)))))))""",
            "instance type export name `[constructor]dir` is not valid: function does not match expected resource name `file`"
        },
        {
            // An inline instance (a bag of exports) introduces no type index, so its type export names nothing.
            $$"""(component {{LiftableModule}} (type $file (resource (rep i32))) (func $size (param "self" (borrow $file)) (canon lift (core func $i "take"))) (instance (export "file" (type $file)) (export "[method]file.size" (func $size))))""",
            "inline instance export name `[method]file.size` is not valid: resource used in function does not have a name in this context"
        },
        {
            // Nor do the component's own resource names reach into it.
            $$"""(component {{LiftableModule}} (type $file (resource (rep i32))) (export "file" (type $file)) (func $count (result u32) (canon lift (core func $i "give"))) (instance (export "[static]file.count" (func $count))))""",
            "inline instance export name `[static]file.count` is not valid: static resource name is not known in this context"
        },
    };

    [Theory]
    [MemberData(nameof(BadlyAnnotated))]
    public void Annotated_name_that_does_not_fit_its_function_is_rejected(string text, string problem)
    {
        if (!ComponentText.Available)
        {
            return;
        }

        ComponentText.AssertInvalidAtLoad(text, problem);
    }

    public static TheoryData<string> Named() => new()
    {
        // Tuples, lists, options, results and primitives need no name of their own.
        """(component (type $pairs (list (tuple u32 (option string)))) (export "pairs" (type $pairs)))""",
        """(component (type $point (record (field "x" u32))) (export $named "point" (type $point)) (type $line (record (field "from" $named))) (export "line" (type $line)))""",
        """(component (type $point (record (field "x" u32))) (import "point" (type $named (eq $point))) (import "origin" (func (result $named))) (export "again" (type $named)))""",
        """(component (import "file" (type $file (sub resource))) (import "open" (func (result (own $file)))))""",
        $$"""(component {{LiftableModule}} (type $file (resource (rep i32))) (export $named "file" (type $file)) (func $open (result (own $named)) (canon lift (core func $i "give"))) (export "open" (func $open)))""",
        // An ascribed type names what the export's own type does not.
        $$"""(component {{LiftableModule}} (type $point (record (field "x" u32))) (func $take (param "p" $point) (canon lift (core func $i "take"))) (export $named "point" (type $point)) (export "take" (func $take) (func (param "p" $named))))""",
        // An imported instance names the types it exports, for the functions after them.
        """(component (import "api" (instance (type $point (record (field "x" u32))) (export "point" (type $named (eq $point))) (export "origin" (func (result $named))))))""",
        """(component (import "file" (type $file (sub resource))) (import "[constructor]file" (func (result (result (own $file))))) (import "[method]file.read" (func (param "self" (borrow $file)) (result u32))) (import "[static]file.open" (func)))""",
        """(component (type (instance (export "file" (type $file (sub resource))) (export "[constructor]file" (func (result (own $file)))) (export "[method]file.read" (func (param "self" (borrow $file)))))))""",
        // Types inside an instance that is neither imported nor exported need no name.
        """(component (type $point (record (field "x" u32))) (type $line (record (field "from" $point))) (instance (export "line" (type $line))))""",
    };

    [Theory]
    [MemberData(nameof(Named))]
    public void Import_or_export_reaching_only_named_types_loads(string text)
    {
        if (!ComponentText.Available)
        {
            return;
        }

        var binary = ComponentText.ToBinary(text);

        Assert.NotNull(Component.FromBytes(new Engine(), binary));
    }
}
