using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace IncidentCenter.Infrastructure;

/// <summary>
/// Serves the Blazor client script taken from the .NET 9 runtime package (see README,
/// "The Blazor client script"): the DLL is embedded at build time, the script is read
/// out of its manifest resources once at start-up.
/// </summary>
public static class BlazorScript
{
    private const string SourceResource = "BlazorScriptSource.dll";
    private const string ScriptResource = "_framework/blazor.web.js";

    public static byte[] Load()
    {
        using var dll = typeof(BlazorScript).Assembly.GetManifestResourceStream(SourceResource)
            ?? throw new InvalidOperationException($"{SourceResource} is not embedded; build with UseFrameworkBlazorScript=false.");
        using var pe = new PEReader(dll);
        var metadata = pe.GetMetadataReader();
        var resourcesRva = pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress;
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || metadata.GetString(resource.Name) != ScriptResource)
            {
                continue;
            }
            var reader = pe.GetSectionData(resourcesRva).GetReader();
            reader.Offset = checked((int)resource.Offset);
            var length = reader.ReadInt32();
            return reader.ReadBytes(length);
        }
        throw new InvalidOperationException($"{ScriptResource} not found in {SourceResource}.");
    }

    public static IEndpointRouteBuilder MapBundledBlazorScript(this IEndpointRouteBuilder endpoints)
    {
        var script = Load();
        var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(script))[..16]}\"");
        endpoints.MapGet("/_framework/blazor.web.js", () => Results.Bytes(script, "text/javascript", entityTag: etag))
            .ExcludeFromDescription();
        return endpoints;
    }
}
