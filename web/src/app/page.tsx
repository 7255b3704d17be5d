export default function Home() {
  return <main><h1>Consilium</h1></main>;
}
