Console.WriteLine("dltsigner: under construction");
