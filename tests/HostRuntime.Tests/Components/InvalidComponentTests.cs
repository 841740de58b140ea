using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>Well-formed but invalid components (Corpus/invalid/*.wat) are refused with a typed exception naming the
/// problem, at load where the binary alone shows it, else when instantiating; each once crashed the runtime with an
/// untyped exception (cast, duplicate key, delegate binding).</summary>
public sealed class InvalidComponentTests
{
    private static readonly Engine Engine = new();

    private static byte[] Invalid(string name) => TestFiles.Corpus(Path.Combine("invalid", name + ".wasm"));

    [Theory]
    [InlineData("duplicate-instantiate-argument", "duplicate core instantiate argument name 'a'")]
    [InlineData("function-import-of-record-type", "import \"f\" has type 0, which is a value type, not a function type")]
    [InlineData("instance-import-of-function-type", "import \"i\" has type 0, which is a function type, not an instance type")]
    [InlineData("instance-member-of-record-type", "import \"i\", member \"f\" has type 0, which is a value type, not a function type")]
    [InlineData("lift-as-record-type", "canon lift has type 0, which is a value type, not a function type")]
    [InlineData("alias-of-function-as-instance", "alias of \"f\" as instance: the imported instance \"i\" exports it as func")]
    [InlineData("alias-of-missing-export", "alias of \"g\" as func: the imported instance \"i\" declares no such export")]
    [InlineData("resource-drop-of-record", "canon resource.drop has type 0, which is a value type, not a resource type")]
    [InlineData("resource-new-of-imported-resource", "canon resource.new has type 0, which is not a resource type this component defines")]
    public void Load_names_the_problem(string name, string problem)
    {
        var error = Assert.Throws<ComponentFormatException>(() => Component.FromBytes(Engine, Invalid(name)));

        Assert.Equal(problem, error.Problem);
    }

    [Theory]
    [InlineData("memory-option-names-a-function", "memory option names core item 0, which is not a memory")]
    [InlineData("realloc-of-wrong-type", "realloc option: function has type () -> (), but delegate ReallocFunction has type (i32, i32, i32, i32) -> (i32)")]
    [InlineData("post-return-of-wrong-type", "the post-return function of func() -> string has type () -> (), but needs (i32) -> ()")]
    [InlineData("alias-of-inline-function-as-instance", "alias of \"f\" as instance: instance 0 exports it as another sort")]
    [InlineData("destructor-of-wrong-type", "resource destructor: function has type () -> (i32), but delegate Action`1 has type (i32) -> ()")]
    public void Instantiation_names_the_problem(string name, string message)
    {
        var component = Component.FromBytes(Engine, Invalid(name));
        var linker = new ComponentLinker(Engine);
        linker.DefineFunction(null, "f", _ => new Action<int, int>((_, _) => { }));

        var error = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(Engine), component));

        Assert.Equal(message, error.Message);
    }
}
