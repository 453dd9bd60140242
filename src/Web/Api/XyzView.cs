namespace UNet3D.Lab.Web.Api;

/// <summary>Three numbers along x, y and z: a shape in voxels.</summary>
public sealed record XyzView(double X, double Y, double Z);
