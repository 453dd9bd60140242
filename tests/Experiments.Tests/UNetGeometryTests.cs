using UNet3D.Lab.Experiments.Models;

namespace UNet3D.Lab.Experiments.Tests;

public sealed class UNetGeometryTests
{
    [Theory]
    [InlineData(132, 44)] // x and y of the paper's tile (FACTS.md, section 2)
    [InlineData(116, 28)] // z of the paper's tile
    public void Paper_tile_sizes_map_to_the_published_output(int input, int output) =>
        Assert.Equal(output, new UNetGeometry(4).OutputSize(input));

    [Fact]
    public void Invalid_size_names_the_nearest_valid_sizes()
    {
        var error = Assert.Throws<ArgumentException>(() => new UNetGeometry(4).OutputSize(130));
        Assert.Contains("124 or 132", error.Message);
    }

    [Theory]
    [InlineData(2, 12)]
    [InlineData(3, 20)]
    [InlineData(4, 44)]
    public void Input_for_output_inverts_output_size(int levels, int output)
    {
        var geometry = new UNetGeometry(levels);
        var input = geometry.TryInputSizeForOutput(output);
        Assert.NotNull(input);
        Assert.Equal(output, geometry.OutputSize(input.Value));
    }
}
