namespace KernelAgent.Store.Artifacts;

/// <summary>One module file to publish: its file name (e.g. <c>jool_common.ko</c>) and its bytes.</summary>
public sealed record ModuleContent(string FileName, ReadOnlyMemory<byte> Bytes);
