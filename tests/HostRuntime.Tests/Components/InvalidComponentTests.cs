using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.HostRuntime.Components;
using WitSharp.Wasm;

namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>Well-formed but invalid components (Corpus/invalid/*.wat) are refused with a typed exception naming the
/// problem, at load where the binary and its compiled core modules show it, else when instantiating; each once crashed the runtime with an
/// untyped exception (cast, duplicate key, delegate binding).</summary>
public sealed class InvalidComponentTests
{
    private static readonly Engine Engine = new();

    private static byte[] Invalid(string name) => TestFiles.Corpus(Path.Combine("invalid", name + ".wasm"));

    [Theory]
    [InlineData("duplicate-instantiate-argument", "duplicate core instantiate argument name 'a'")]
    [InlineData("function-import-of-record-type", "import \"f\" has type 0, which is a value type, not a function type")]
    [InlineData("instance-import-of-function-type", "import \"i\" has type 0, which is a function type, not an instance type")]
    [InlineData("instance-member-of-record-type", "instance type export \"f\" has type 0, which is a value type, not a function type")]
    [InlineData("lift-as-record-type", "canon lift (canon 0) has type 0, which is a value type, not a function type")]
    [InlineData("alias-of-function-as-instance", "alias of \"f\" as instance: the imported instance \"i\" exports it as func")]
    [InlineData("alias-of-missing-export", "alias of \"g\" as func: the imported instance \"i\" declares no such export")]
    [InlineData("resource-drop-of-record", "canon resource.drop (canon 0) has type 0, which is a value type, not a resource type")]
    [InlineData("memory-option-names-a-function", "core instance 0 export `g` is a Function, not a Memory")]
    [InlineData("realloc-of-wrong-type", "canon 0: realloc has core type () -> (), but must have (i32, i32, i32, i32) -> (i32)")]
    [InlineData("post-return-of-wrong-type", "canon lift (canon 0): post-return has core type () -> (), but must have (i32) -> ()")]
    [InlineData("destructor-of-wrong-type", "resource destructor has core type () -> (i32), but must have (i32) -> ()")]
    [InlineData("resource-new-of-imported-resource", "canon resource.new (canon 0) has type 0, which is imported (\"r\"), not a resource type this component defines")]
    public void Load_names_the_problem(string name, string problem)
    {
        var error = Assert.Throws<ComponentFormatException>(() => Component.FromBytes(Engine, Invalid(name)));

        Assert.Equal(problem, error.Problem);
    }

    [Theory]
    [InlineData("alias-of-inline-function-as-instance", "alias of \"f\" as instance: instance 0 exports it as another sort")]
    public void Instantiation_names_the_problem(string name, string message)
    {
        var component = Component.FromBytes(Engine, Invalid(name));
        var linker = new ComponentLinker(Engine);
        linker.DefineFunction(null, "f", _ => new Action<int, int>((_, _) => { }));

        var error = Assert.Throws<LinkException>(() => linker.Instantiate(new Store(Engine), component));

        Assert.Equal(message, error.Message);
    }
}
