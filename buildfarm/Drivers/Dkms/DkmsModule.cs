namespace KernelAgent.BuildFarm.Drivers.Dkms;

/// <summary>One module record of a dkms.conf after DKMS's defaults.</summary>
/// <param name="Index">The record number (the array index).</param>
/// <param name="BuiltName">BUILT_MODULE_NAME: the build produces <c>&lt;BuiltLocation&gt;&lt;BuiltName&gt;.ko</c>.</param>
/// <param name="BuiltLocation">BUILT_MODULE_LOCATION relative to the build folder, "" or ending in '/'.</param>
/// <param name="DestName">DEST_MODULE_NAME: the installed file's name without .ko (defaults to BuiltName).</param>
/// <param name="DestLocation">DEST_MODULE_LOCATION as written (/kernel..., /updates..., /extra...).</param>
/// <param name="Strip">Whether dkms strips debug symbols (<c>strip -g</c>) after the build (STRIP, default yes).</param>
internal sealed record DkmsModule(int Index, string BuiltName, string BuiltLocation, string DestName, string DestLocation, bool Strip)
{
    /// <summary>The built file relative to the build folder, e.g. <c>src/mod/common/jool_common.ko</c>.</summary>
    public string BuiltFile => BuiltLocation + BuiltName + ".ko";
}
