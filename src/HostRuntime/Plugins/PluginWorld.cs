namespace WitSharp.HostRuntime.Plugins;

/// <summary>
/// Typed bindings of the NovyWave plugin world (<c>wit/plugins.wit</c>), generated at compile time by WitSharp.WitGenerator:
/// the WIT types, <see cref="IImports"/> with <see cref="RegisterImports"/> for what a plugin may ask of the host, and
/// <see cref="Exports"/> for calling the plugin.
/// </summary>
[WitSharp.WitWorld("novywave:plugins/plugin")]
public static partial class PluginWorld
{
}
