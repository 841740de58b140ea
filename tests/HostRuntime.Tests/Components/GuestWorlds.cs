namespace WitSharp.HostRuntime.Tests.Components;

/// <summary>Bindings of Corpus/values.wit, generated at build time.</summary>
[WitWorld("witsharp:values/values")]
internal static partial class ValuesWorld
{
}

/// <summary>Bindings of Components/Bindings/handles.wit (a subset of Corpus/handles.wit), generated at build time.</summary>
[WitWorld("witsharp:handles/handles")]
internal static partial class HandlesWorld
{
}

/// <summary>Bindings of Corpus/strings.wit, generated at build time; they serve both of its builds (string-encoding=utf16
/// and latin1+utf16), as generated code reads the encoding from each function's canonical options.</summary>
[WitWorld("witsharp:values/strings")]
internal static partial class StringsWorld
{
}

/// <summary>Bindings of Corpus/hostile.wit, generated at build time.</summary>
[WitWorld("witsharp:values/hostile")]
internal static partial class HostileWorld
{
}

/// <summary>Bindings of Corpus/world-resources.wit (a resource declared in the world itself), generated at build time.</summary>
[WitWorld("witsharp:values/world-resources")]
internal static partial class WorldResourcesWorld
{
}

/// <summary>Bindings of Corpus/dual-resources.wit (an interface with a resource, both imported and exported), generated at build time.</summary>
[WitWorld("witsharp:values/dual-resources")]
internal static partial class DualResourcesWorld
{
}
